package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.FlushResult;
import dev.skopos.jakarta.internal.summary.DailySummaries;
import dev.skopos.jakarta.testing.LogCapture;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.logging.Level;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Skopos dashboards from 0.38 on compute every figure from the raw records and have no {@code dash_sum}
 * collection: the tracker notices once, says so once, keeps no summary gains and never waits for them.
 */
class WithoutDashSumTest {

    @Test
    void eventsFlowAndSummariesStayOffWithOneInfoLine() throws Exception {
        try (LogCapture log = LogCapture.of(DailySummaries.class)) {
            try (PocketBaseServer pocketBase = PocketBaseServer.builder().withoutCollection("dash_sum").start();
                 TrackerHarness tracker = TrackerHarness.immediate(pocketBase)) {
                PocketBaseView stored = new PocketBaseView(pocketBase);
                for (int round = 0; round < 3; round++) {
                    String ip = newIp();
                    tracker.track(browser(ip), pageView("/round/" + round).build());
                    tracker.track(browser(ip), pageView("/round/" + round).add("type", "jsError")
                            .add("errorMessage", "boom").build());
                    FlushResult result = assertTimeoutPreemptively(Duration.ofSeconds(5), tracker::flush);
                    assertThat(result.pending()).isZero();
                    assertThat(stored.events(ip)).hasSize(1);
                }

                assertThat(tracker.pipeline().summariesEnabled()).isFalse();
                assertThat(tracker.pipeline().summariesPending()).as("no gains kept in memory").isFalse();
            }
            assertThat(log.messages(Level.INFO)).singleElement().asString().contains("no dash_sum collection");
            assertThat(log.anyAbove(Level.INFO)).isFalse();
        }
    }
}
