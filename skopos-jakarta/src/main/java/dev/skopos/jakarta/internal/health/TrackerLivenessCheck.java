package dev.skopos.jakarta.internal.health;

import dev.skopos.jakarta.SkoposTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** {@code skopos-tracker}: UP while the tracker runs; PocketBase being away does not make the app unlive. */
@Liveness
@ApplicationScoped
public class TrackerLivenessCheck implements HealthCheck {
    public static final String NAME = "skopos-tracker";

    @Inject
    SkoposTracker tracker;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(tracker.status().running()).build();
    }
}
