package dev.skopos.jakarta.pipeline;

import dev.skopos.jakarta.summary.DailySummaries;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.skopos.jakarta.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.pipeline.PipelineStorageTest.pageView;
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
        List<LogRecord> summaryLog = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(DailySummaries.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                summaryLog.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
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
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(summaryLog).filteredOn(record -> record.getLevel() == Level.INFO).singleElement()
                .satisfies(record -> assertThat(record.getMessage()).contains("no dash_sum collection"));
        assertThat(summaryLog).noneMatch(record -> record.getLevel().intValue() > Level.INFO.intValue());
    }
}
