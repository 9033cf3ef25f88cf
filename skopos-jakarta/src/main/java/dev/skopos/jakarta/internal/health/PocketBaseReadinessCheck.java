package dev.skopos.jakarta.internal.health;

import dev.skopos.jakarta.ConnectionProblem;
import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.SkoposTracker;
import dev.skopos.jakarta.TrackerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code skopos-pocketbase}: UP while the tracker runs, since it buffers what PocketBase cannot take yet; with
 * {@code skopos.readiness-follows-pocketbase=true}, only once the website is loaded and while PocketBase answers
 * the tracker's periodic probe and takes its writes. Either way its data says whether PocketBase is {@code up}.
 * Health is often served on the public port, so its data is only the API generation, a short reason code
 * such as {@code unreachable} and counts; the details are in the log. Reports state the tracker already holds, so a
 * health request never waits on PocketBase.
 */
@Readiness
@ApplicationScoped
public class PocketBaseReadinessCheck implements HealthCheck {
    public static final String NAME = "skopos-pocketbase";

    @Inject
    SkoposTracker tracker;

    @Override
    public HealthCheckResponse call() {
        TrackerStatus status = tracker.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(status.ready());
        data(status).forEach((key, value) -> {
            if (value instanceof Long number) {
                response.withData(key, number);
            } else {
                response.withData(key, value.toString());
            }
        });
        return response.build();
    }

    /**
     * The check's data: {@code pocketbase}, {@code up} while the tracker is connected and {@code down} otherwise;
     * {@code apiGeneration} once logged in; {@code reason} while not connected, with the
     * {@code collection} when one is missing or closed to the tracker; and the delivery counts, so that an
     * operator sees what waits and what was lost: {@code accepted}, {@code written}, {@code queued},
     * {@code oldestQueuedSeconds}, {@code retries} and {@code dropped.<reason>} for each reason that occurred;
     * {@code sessionsEndedEarly} once the memory budget made the tracker end sessions before their timeout;
     * {@code spoolDamagedTails} when the durable spool skipped a torn or damaged tail at start (what it held
     * there is lost: a crash cut a write short, or the files were changed);
     * with shared state configured, {@code sharedState}: {@code shared}, or {@code unreachable} while this
     * instance keeps its sessions and summary gains to itself (it stays ready: requests never wait for the engine);
     * and {@code writesPerRequest}, 1 unless PocketBase takes batches.
     */
    static Map<String, Object> data(TrackerStatus status) {
        Map<String, Object> data = new TreeMap<>();
        data.put("pocketbase", status.connected() ? "up" : "down");
        status.apiGeneration().ifPresent(generation -> data.put("apiGeneration", generation));
        status.problem().map(ConnectionProblem::code).ifPresent(reason -> data.put("reason", reason));
        status.collection().ifPresent(collection -> data.put("collection", collection));
        status.sharedState().ifPresent(state -> data.put("sharedState", state));
        Delivery delivery = status.delivery();
        data.put("accepted", delivery.accepted());
        data.put("written", delivery.written());
        data.put("queued", delivery.queued());
        data.put("oldestQueuedSeconds", delivery.oldestQueuedAge().toSeconds());
        data.put("retries", delivery.retries());
        data.put("writesPerRequest", (long) status.writesPerRequest());
        delivery.dropped().forEach((reason, count) -> {
            if (count > 0) {
                data.put("dropped." + reason.code(), count);
            }
        });
        if (status.sessionsEndedEarly() > 0) {
            data.put("sessionsEndedEarly", status.sessionsEndedEarly());
        }
        if (status.spoolDamagedTails() > 0) {
            data.put("spoolDamagedTails", status.spoolDamagedTails());
        }
        return data;
    }
}
