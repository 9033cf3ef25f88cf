package dev.skopos.it;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;

/**
 * What the server costs per browser event without the tracker: the load driver posts the same requests here as
 * to {@code /api/event}, which this reads and answers 204 without tracking, so the tracker's own share of the
 * server's CPU per event can be told from the server's.
 */
@Path("baseline")
@RequestScoped
public class BaselineResource {

    @POST
    public Response receive(InputStream body) throws IOException {
        body.readAllBytes();
        return Response.noContent().build();
    }
}
