package dev.skopos.jakarta.health;

import dev.skopos.jakarta.SkoposTracker;
import dev.skopos.jakarta.core.TrackerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code skopos-pocketbase}: UP once the website is loaded and while PocketBase answers the tracker's
 * periodic probe. Reports state the tracker already holds, so a health request never waits on PocketBase.
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
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(status.ready())
                .withData("pocketbaseUrl", status.pocketBaseUrl());
        status.apiGeneration().ifPresent(generation -> response.withData("apiGeneration", generation));
        status.websiteId().ifPresent(id -> response.withData("websiteId", id));
        status.problem().ifPresent(problem -> response.withData("problem", problem));
        return response.build();
    }
}
