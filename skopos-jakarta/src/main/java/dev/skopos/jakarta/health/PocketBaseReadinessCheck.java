package dev.skopos.jakarta.health;

import dev.skopos.jakarta.SkoposTracker;
import dev.skopos.jakarta.core.ConnectionProblem;
import dev.skopos.jakarta.core.TrackerStatus;
import dev.skopos.jakarta.delivery.Delivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code skopos-pocketbase}: UP once the website is loaded and while PocketBase answers the tracker's
 * periodic probe (or always, while the tracker runs, with {@code skopos.readiness-follows-pocketbase=false}).
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
     * The check's data: {@code apiGeneration} once logged in; {@code reason} while not connected, with the
     * {@code collection} when one is missing or closed to the tracker; and the delivery counts, so that an
     * operator sees what waits and what was lost: {@code accepted}, {@code written}, {@code queued},
     * {@code oldestQueuedSeconds}, {@code retries} and {@code dropped.<reason>} for each reason that occurred;
     * with shared state configured, {@code sharedState}: {@code shared}, or {@code unreachable} while this
     * instance keeps its sessions and summary gains to itself (it stays ready: requests never wait for the engine);
     * and {@code writesPerRequest}, 1 unless PocketBase takes batches.
     */
    static Map<String, Object> data(TrackerStatus status) {
        Map<String, Object> data = new TreeMap<>();
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
        return data;
    }
}
