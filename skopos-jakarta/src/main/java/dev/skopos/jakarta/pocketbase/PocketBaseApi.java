package dev.skopos.jakarta.pocketbase;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/**
 * The PocketBase REST API as a MicroProfile Rest Client. Records travel as JSON objects because their
 * shape is what the dashboard reads, not ours to choose; {@link PocketBaseClient} is the typed, authenticated face.
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

    @GET
    @Path("/collections/{collection}/records")
    JsonObject list(@HeaderParam(HttpHeaders.AUTHORIZATION) String token,
                    @PathParam("collection") String collection,
                    @QueryParam("filter") String filter,
                    @QueryParam("sort") String sort,
                    @QueryParam("page") int page,
                    @QueryParam("perPage") int perPage,
                    @QueryParam("skipTotal") boolean skipTotal);

    @GET
    @Path("/collections/{collection}/records/{id}")
    JsonObject get(@HeaderParam(HttpHeaders.AUTHORIZATION) String token,
                   @PathParam("collection") String collection,
                   @PathParam("id") String id);

    @POST
    @Path("/collections/{collection}/records")
    JsonObject create(@HeaderParam(HttpHeaders.AUTHORIZATION) String token,
                      @PathParam("collection") String collection,
                      JsonObject record);

    @PATCH
    @Path("/collections/{collection}/records/{id}")
    JsonObject update(@HeaderParam(HttpHeaders.AUTHORIZATION) String token,
                      @PathParam("collection") String collection,
                      @PathParam("id") String id,
                      JsonObject changes);

    @POST
    @Path("/realtime")
    void subscribe(@HeaderParam(HttpHeaders.AUTHORIZATION) String token, SubscribeRequest subscription);
}
