package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.testing.LogCapture;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;

/** Once shutdown has begun, tracking calls return without effect and without throwing, and say so once. */
class AfterShutdownTest {

    @Test
    void trackingAfterShutdownStoresNothingThrowsNothingAndIsLoggedOnce() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start(); LogCapture log = LogCapture.of(Pipeline.class)) {
            TrackerHarness tracker = TrackerHarness.immediate(pocketBase);
            String before = newIp();
            tracker.track(browser(before), pageView("/before").build());
            tracker.close();
            String after = newIp();
            RequestInfo late = browser(after);

            assertThat(tracker.track(late, pageView("/after").build())).isFalse();
            assertThat(tracker.trackServerEvent(Optional.of(late), "late", Map.of())).isFalse();
            assertThat(tracker.trackServerEvent(Optional.of(late), "", Map.of())).as("not even validated").isFalse();
            assertThat(tracker.pipeline().identify(Optional.of(late), "late-user", Map.of())).isFalse();

            PocketBaseView stored = new PocketBaseView(pocketBase);
            assertThat(stored.events(before)).hasSize(1);
            assertThat(stored.visitors(after)).isEmpty();
            assertThat(log.messages(Level.INFO)).filteredOn(message -> message.contains("stopping")).hasSize(1);
        }
    }
}
