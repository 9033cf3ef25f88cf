package dev.skopos.it;

import dev.skopos.jakarta.FlushResult;
import dev.skopos.jakarta.SkoposTracker;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Application actions that record server-side events the ways an application would. */
@Path("actions")
@RequestScoped
public class ActionsResource {

    @Inject
    SkoposTracker tracker;

    @Inject
    SignupService signups;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    @POST
    @Path("signup")
    public String signUp(@QueryParam("email") String email) {
        return signups.signUp(email);
    }

    @POST
    @Path("checkout")
    public void checkout(@QueryParam("total") int total) {
        tracker.trackServerEvent("checkout_completed", Map.of("total", total));
    }

    @POST
    @Path("login")
    public void logIn(@QueryParam("userId") String userId, @QueryParam("email") String email) {
        tracker.identify(userId, Map.of("email", email));
    }

    /** Records an event from a task of the managed executor, where no request is being served. */
    @POST
    @Path("background")
    public void background() throws InterruptedException, ExecutionException {
        executor.submit(() -> tracker.trackServerEvent("background_job")).get();
    }

    @POST
    @Path("flush")
    public String flush() {
        FlushResult result = tracker.flush();
        return result.written() + " written, " + result.pending() + " pending";
    }
}
