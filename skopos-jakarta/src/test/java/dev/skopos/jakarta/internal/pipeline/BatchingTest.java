package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code skopos.batch=true}: what triggers a flush, what order records land in, and the drain at shutdown. */
class BatchingTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private PocketBaseServer pocketBase;
    private TrackerHarness tracker;

    @BeforeEach
    void startPocketBase() {
        pocketBase = PocketBaseServer.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (tracker != null) {
            tracker.close();
        }
        pocketBase.close();
    }

    private int storedEvents() {
        return pocketBase.admin().list("events", null).size();
    }

    @Test
    void reachingMaxBatchSizeFlushesAtOnce() {
        tracker = TrackerHarness.batching(pocketBase, HOUR, 5);
        String ip = newIp();
        for (int i = 0; i < 4; i++) {
            tracker.track(browser(ip), pageView("/p" + i).build());
        }
        assertThat(tracker.pipeline().queued()).isEqualTo(4);
        assertThat(storedEvents()).isZero();

        tracker.track(browser(ip), pageView("/p4").build());

        await().atMost(Duration.ofSeconds(10)).until(() -> storedEvents() == 5);
        assertThat(tracker.pipeline().queued()).isZero();
    }

    @Test
    void theBatchIntervalFlushesWhatIsQueued() {
        tracker = TrackerHarness.batching(pocketBase, Duration.ofMillis(300), 1000);
        String ip = newIp();
        for (int i = 0; i < 3; i++) {
            tracker.track(browser(ip), pageView("/p" + i).build());
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> storedEvents() == 3);
    }

    /**
     * Visitors are written side by side, so only the order within one visitor is kept, and that is the order
     * that matters: the visitor's record before its session's, the session's before its events, its events as
     * they were accepted.
     */
    @Test
    void eachVisitorsRecordsLandInTheOrderTheyWereAccepted() {
        tracker = TrackerHarness.batching(pocketBase, HOUR, 1000);
        List<String> ips = List.of(newIp(), newIp(), newIp());
        for (int i = 0; i < 30; i++) {
            tracker.track(browser(ips.get(i % 3)), pageView("/step/" + i).build());
        }
        tracker.flush();

        PocketBaseView stored = new PocketBaseView(pocketBase);
        for (String ip : ips) {
            JsonObject visitor = stored.visitors(ip).get(0);
            JsonObject session = stored.onlySession(ip);
            assertThat(created(session)).as("session after its visitor").isAfterOrEqualTo(created(visitor));
            List<JsonObject> events = stored.events(session);
            assertThat(events).hasSize(10);
            Instant previous = created(session);
            for (JsonObject event : events.stream().sorted(Comparator.comparingInt(BatchingTest::step)).toList()) {
                assertThat(created(event)).as("%s written after what %s accepted before it", event.getString("path"),
                        ip).isAfterOrEqualTo(previous);
                previous = created(event);
            }
        }
    }

    private static int step(JsonObject event) {
        return Integer.parseInt(event.getString("path").substring("/step/".length()));
    }

    private static Instant created(JsonObject record) {
        return Instant.parse(record.getString("created").replace(' ', 'T'));
    }

    @Test
    void exitPathMovesCostOneSessionUpdatePerFlush() {
        tracker = TrackerHarness.batching(pocketBase, HOUR, 1000);
        String ip = newIp();
        tracker.track(browser(ip), pageView("/start").build());
        tracker.flush();
        for (int i = 0; i < 10; i++) {
            tracker.track(browser(ip), pageView("/page/" + i).build());
        }
        tracker.flush();

        PocketBaseView stored = new PocketBaseView(pocketBase);
        assertThat(stored.onlySession(ip).getString("exitPath")).isEqualTo("/page/9");
        await().atMost(Duration.ofSeconds(15)).until(() ->
                pocketBase.admin().loggedRequests("POST", "/api/collections/events/records") == 11);
        assertThat(pocketBase.admin().loggedRequests("PATCH", "/api/collections/sessions/records")).isEqualTo(1);
    }

    @Test
    void stoppingWritesEveryQueuedEventDespiteAnHourLongInterval() throws InterruptedException {
        tracker = TrackerHarness.batching(pocketBase, HOUR, 1000);
        for (int i = 0; i < 500; i++) {
            tracker.track(browser(newIp()), pageView("/queued/" + i).build());
        }
        assertThat(tracker.pipeline().queued()).isEqualTo(500);

        tracker.close();
        tracker = null;

        assertThat(storedEvents()).isEqualTo(500);
    }
}
