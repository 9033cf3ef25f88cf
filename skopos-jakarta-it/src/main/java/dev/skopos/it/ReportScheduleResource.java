package dev.skopos.it;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Starts and stops the {@link ReportScheduler}'s timer, and tells how many runs it has recorded. */
@Path("reports/schedule")
@RequestScoped
public class ReportScheduleResource {

    @Inject
    ReportScheduler scheduler;

    @POST
    public void start(@QueryParam("everyMillis") long intervalMillis) {
        scheduler.start(intervalMillis);
    }

    @DELETE
    public void stop() {
        scheduler.stop();
    }

    @GET
    @Path("runs")
    @Produces(MediaType.TEXT_PLAIN)
    public String runs() {
        return String.valueOf(scheduler.runs());
    }
}
