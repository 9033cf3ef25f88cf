package dev.skopos.it.panel;

import dev.skopos.jakarta.internal.pocketbase.Filter;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseDates;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The demo page's live panel: today's figures for this site, read from PocketBase and computed as the Skopos
 * dashboard computes them ({@link TodayFigures}). Demo code, not part of the library: the browser gets figures
 * only, never PocketBase's address, credentials or token.
 */
@Path("demo/stats")
@RequestScoped
public class StatsResource {
    private static final Logger LOG = Logger.getLogger(StatsResource.class.getName());
    /** The fields the dashboard reads for its figures. */
    private static final String SESSION_FIELDS = "id,created,updated,isNewVisitor,referrer,device,browser,os,language,"
            + "country,state,entryPath,exitPath";
    private static final String EVENT_FIELDS = "session,type,path,eventName,eventData,created";
    private static final String JS_ERROR_FIELDS = "errorMessage,count,created";

    @Inject
    PocketBaseReader pocketBase;

    @Inject
    @ConfigProperty(name = "skopos.site-id")
    String siteId;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response today() {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        try {
            return Response.ok(figures(Instant.now()).toJson().toString()).cacheControl(noStore).build();
        } catch (PanelDataUnavailableException e) {
            LOG.log(Level.FINE, "Demo panel: {0}", e.getMessage());
            JsonObject problem = Json.createObjectBuilder().add("error", e.getMessage()).build();
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(problem.toString())
                    .cacheControl(noStore).build();
        }
    }

    private TodayFigures figures(Instant now) {
        List<JsonObject> websites = pocketBase.list("websites", Filter.eq("trackingId", siteId).expression(),
                "id,isArchived").items();
        if (websites.isEmpty()) {
            throw new PanelDataUnavailableException("PocketBase has no website with this site's tracking id");
        }
        JsonObject website = websites.get(0);
        String dayStart = quoted(TodayFigures.dayStart(now));
        String activeSince = quoted(TodayFigures.activeSince(now));

        PocketBaseReader.Records sessions = pocketBase.list("sessions",
                Filter.eq("website", website.getString("id")).expression()
                        + " && (created >= " + dayStart + " || updated >= " + activeSince + ")", SESSION_FIELDS);
        PocketBaseReader.Records events = pocketBase.list("events",
                Filter.eq("session.website", website.getString("id")).expression() + " && created >= " + dayStart,
                EVENT_FIELDS);
        PocketBaseReader.Records jsErrors = pocketBase.list("js_errors",
                Filter.eq("website", website.getString("id")).expression() + " && created >= " + dayStart,
                JS_ERROR_FIELDS);
        return TodayFigures.compute(sessions.items(), events.items(), jsErrors.items(),
                website.getBoolean("isArchived", false),
                !sessions.complete() || !events.complete() || !jsErrors.complete(), now);
    }

    private static String quoted(Instant instant) {
        return '"' + PocketBaseDates.format(instant) + '"';
    }
}
