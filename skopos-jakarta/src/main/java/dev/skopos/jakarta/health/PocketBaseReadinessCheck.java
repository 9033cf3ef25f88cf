package dev.skopos.jakarta.health;

import dev.skopos.jakarta.SkoposTracker;
import dev.skopos.jakarta.core.ConnectionProblem;
import dev.skopos.jakarta.core.TrackerStatus;
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
 * Health is often served on the public port, so its data is only the API generation and a short reason code
 * such as {@code unreachable}; the details are in the log. Reports state the tracker already holds, so a
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
        data(status).forEach(response::withData);
        return response.build();
    }

    /** The check's data: {@code apiGeneration} once logged in, {@code reason} while not connected. */
    static Map<String, String> data(TrackerStatus status) {
        Map<String, String> data = new TreeMap<>();
        status.apiGeneration().ifPresent(generation -> data.put("apiGeneration", generation));
        status.problem().map(ConnectionProblem::code).ifPresent(reason -> data.put("reason", reason));
        return data;
    }
}
