package dev.skopos.jakarta.internal.web;

import dev.skopos.jakarta.SkoposTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;

/**
 * The browser script's endpoint: {@code POST {application path}/event} with a JSON body, sent as
 * {@code application/json} or, by {@code navigator.sendBeacon}, as {@code text/plain}. What it answers is
 * {@link SkoposTracker#receiveApiEvent}'s; with {@code skopos.endpoint.enabled=false}, 404 as if it were not
 * there, before anything is read.
 */
@Path("event")
@ApplicationScoped
public class EventResource {

    @Inject
    SkoposTracker tracker;

    /** CDI's built-in bean: the request being served. */
    @Inject
    HttpServletRequest servletRequest;

    @POST
    public Response receive(@HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength, InputStream body)
            throws IOException {
        if (!tracker.endpointEnabled()) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        return Response.status(tracker.receiveApiEvent(CurrentRequest.of(tracker, servletRequest), contentLength,
                body)).build();
    }
}
