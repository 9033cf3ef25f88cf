package dev.skopos.jakarta.pocketbase;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/**
 * PocketBase's logins and realtime subscription as a MicroProfile Rest Client. {@link PocketBaseClient} is the
 * typed, authenticated face; it sends record requests through {@link RecordRequests}.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RegisterProvider(PocketBaseErrorMapper.class)
public interface PocketBaseApi {

    @POST
    @Path("/collections/_superusers/auth-with-password")
    AuthResponse superuserLogin(AuthRequest credentials);

    @POST
    @Path("/collections/{collection}/auth-with-password")
    AuthResponse recordLogin(@PathParam("collection") String authCollection, AuthRequest credentials);

    @POST
    @Path("/admins/auth-with-password")
    AuthResponse adminLogin(AuthRequest credentials);

    @POST
    @Path("/realtime")
    void subscribe(@HeaderParam(HttpHeaders.AUTHORIZATION) String token, SubscribeRequest subscription);
}
