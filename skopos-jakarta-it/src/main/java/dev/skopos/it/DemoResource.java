package dev.skopos.it;

import dev.skopos.jakarta.SkoposTracker;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.Map;

/** The demo's HTML forms: a sign-up tracked through {@code @TrackEvent} and a fake login that identifies. */
@Path("demo")
@RequestScoped
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class DemoResource {

    @Inject
    SignupService signups;

    @Inject
    SkoposTracker tracker;

    @Context
    UriInfo uri;

    @POST
    @Path("signup")
    public Response signUp(@FormParam("email") String email) {
        signups.signUp(email);
        return backTo("signed-up");
    }

    @POST
    @Path("login")
    public Response logIn(@FormParam("user") String user, @FormParam("email") String email) {
        tracker.identify(user, email == null || email.isBlank() ? Map.of() : Map.of("email", email));
        return backTo("logged-in");
    }

    private Response backTo(String fragment) {
        return Response.seeOther(uri.getBaseUri().resolve("../index.html#" + fragment)).build();
    }
}
