package dev.skopos.jakarta.pipeline;

import dev.skopos.jakarta.core.ConnectionProblem;
import dev.skopos.jakarta.core.TrackerStatus;
import dev.skopos.jakarta.delivery.Delivery;
import dev.skopos.jakarta.queue.FlushResult;
import dev.skopos.jakarta.queue.Flusher;
import dev.skopos.jakarta.testing.LogCapture;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.logging.Level;

import static dev.skopos.jakarta.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A collection the tracker writes that PocketBase does not have is its owner's to fix: what belongs in it is
 * kept (within the memory budget) and retried instead of dropped, the rest goes on being written, readiness
 * names the collection, and the log says so once however often the write is retried.
 */
class UnusableCollectionTest {
    private static final int JS_ERRORS = 3;

    @Test
    void aMissingCollectionKeepsItsRecordsWhileTheOthersAreWritten() throws Exception {
        try (LogCapture log = LogCapture.of(Flusher.class);
             PocketBaseServer pocketBase = PocketBaseServer.builder().withoutCollection("js_errors").start();
             TrackerHarness tracker = TrackerHarness.immediate(pocketBase)) {
            String ip = newIp();
            tracker.track(browser(ip), pageView("/").build());
            for (int i = 0; i < JS_ERRORS; i++) {
                tracker.track(browser(ip), pageView("/").add("type", "jsError").add("errorMessage", "boom").build());
            }
            tracker.track(browser(ip), pageView("/next").build());

            FlushResult result = tracker.pipeline().flush(Duration.ofSeconds(3));

            assertThat(result.pending()).as("the JS error reports are kept").isEqualTo(JS_ERRORS);
            assertThat(new PocketBaseView(pocketBase).events(ip)).as("page views are written meanwhile").hasSize(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> !tracker.core().status().ready());
            TrackerStatus status = tracker.core().status();
            assertThat(status.problem()).contains(ConnectionProblem.COLLECTION_MISSING);
            assertThat(status.collection()).contains("js_errors");
            Delivery delivery = status.delivery();
            assertThat(delivery.queued()).isEqualTo(JS_ERRORS);
            assertThat(delivery.droppedAfterAcceptance()).isZero();
            assertThat(delivery.retries()).as("retried several times").isGreaterThan(1);
            assertThat(log.messages(Level.WARNING)).filteredOn(message -> message.contains("js_errors"))
                    .as("said once").hasSize(1);
        }
    }
}
