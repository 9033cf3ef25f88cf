package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.config.Safeguards;
import dev.skopos.jakarta.internal.visitors.VisitorId;
import dev.skopos.jakarta.internal.visitors.VisitorIdScheme;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;

/** Keyed, daily-rotated visitor ids as they land in PocketBase, driven by the tracker's clock. */
class VisitorIdStorageTest {

    @Test
    void dailyRotatedIdsStayWithinTheUtcDayAndStartANewVisitorAtMidnight() throws Exception {
        VisitorIdScheme daily = VisitorIdScheme.keyed("storage-test-secret-0123456789", VisitorIdScheme.Rotation.DAILY);
        RequestInfo visitor = browser("198.51.100.99");
        Instant lateEvening = Instant.parse("2026-03-01T23:58:00Z");
        try (PocketBaseServer pocketBase = PocketBaseServer.builder().start();
             TrackerHarness tracker = TrackerHarness.immediate(pocketBase,
                     Safeguards.DEFAULTS.withVisitorIds(daily))) {
            tracker.clock().set(lateEvening);
            tracker.track(visitor, pageView("/evening").build());
            tracker.clock().advance(Duration.ofSeconds(90));
            tracker.track(visitor, pageView("/still-evening").build());
            tracker.clock().advance(Duration.ofSeconds(60));
            tracker.track(visitor, pageView("/after-midnight").build());
            tracker.flush();

            List<JsonObject> visitors = pocketBase.admin().list("visitors", null);
            assertThat(visitors).extracting(record -> record.getString("visitorId")).containsExactlyInAnyOrder(
                    daily.of(pocketBase.trackingId(), visitor, lateEvening),
                    daily.of(pocketBase.trackingId(), visitor, lateEvening.plus(Duration.ofMinutes(3))))
                    .doesNotContain(VisitorId.of(pocketBase.trackingId(), visitor.clientIp(), visitor.userAgent()));
            assertThat(pocketBase.admin().list("sessions", null)).hasSize(2);
            assertThat(pocketBase.admin().list("events", null)).hasSize(3);
        }
    }
}
