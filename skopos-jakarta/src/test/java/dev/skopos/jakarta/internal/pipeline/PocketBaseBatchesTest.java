package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.pocketbase.ApiGeneration;
import dev.skopos.jakarta.testing.DashboardLayout;
import dev.skopos.jakarta.testing.FaultProxy;
import dev.skopos.jakarta.testing.FaultyStore;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The writer's records sent through PocketBase's batch writes (0.23+, once turned on), against a real PocketBase:
 * the same records as one by one, in far fewer requests; a write PocketBase refuses set aside without holding
 * back the rest; a batch whose answer was lost, or that timed out in PocketBase, landing exactly once; steady
 * traffic in full batches.
 */
class PocketBaseBatchesTest {
    private static final Duration NEVER = Duration.ofHours(1);
    private static final int NO_LIMIT = 100_000;
    private static final String BATCHES = "/api/batch";

    /** Turns batch writes on, in the PocketBase generation that has them. */
    static void assumeBatches(PocketBaseServer pocketBase, boolean on) {
        assumeTrue(pocketBase.generation() == ApiGeneration.V0_23, "PocketBase 0.22 has no batch writes");
        pocketBase.admin().setBatches(on, 50);
    }

    /** The batches PocketBase took (the tracker also asks, at connection, with an empty one it refuses). */
    private static int batchesTaken(PocketBaseServer pocketBase) {
        return pocketBase.admin().loggedRequests("data.method = 'POST' && data.url = '" + BATCHES
                + "' && data.status = 200");
    }

    /** Three visitors, two sessions each way, page views, custom events, JS errors and an identify. */
    private static void trackScriptedDay(TrackerHarness tracker) {
        for (int visitor = 1; visitor <= 3; visitor++) {
            RequestInfo browser = browser("198.51.100." + (70 + visitor));
            for (int page = 0; page < 30; page++) {
                tracker.track(browser, pageView("/page-" + (page % 7)).build());
            }
            tracker.track(browser, pageView("/shop").add("type", "custom").add("name", "buy")
                    .add("customData", Json.createObjectBuilder().add("plan", "pro-" + visitor)).build());
            tracker.track(browser, pageView("/shop").add("type", "jsError").add("errorMessage", "boom").build());
            if (visitor == 2) {
                tracker.pipeline().identify(Optional.of(browser), "user-2", Map.of("name", "Ada"));
            }
        }
    }

    /** What the dashboard reads of the scripted day, without record ids and timestamps. */
    private static Map<String, Object> storedDay(PocketBaseServer pocketBase) {
        PocketBaseView stored = new PocketBaseView(pocketBase);
        Map<String, Object> day = new TreeMap<>();
        for (int visitor = 1; visitor <= 3; visitor++) {
            String ip = "198.51.100." + (70 + visitor);
            JsonObject session = stored.onlySession(ip);
            day.put(ip + " visitor", stored.visitors(ip).stream().map(record -> record.getString("userId")).toList());
            day.put(ip + " session", List.of(session.getString("entryPath"), session.getString("exitPath"),
                    session.getString("browser"), session.getBoolean("isNewVisitor")));
            day.put(ip + " events", stored.events(session).stream().map(event -> event.getString("type") + " "
                    + event.getString("path") + " " + event.getString("eventName") + " " + event.get("eventData"))
                    .toList());
        }
        day.put("js errors", stored.jsErrors().stream().map(error -> error.getString("errorMessage") + " x"
                + error.getInt("count")).toList());
        JsonObject summary = pocketBase.admin().list("dash_sum", null).get(0).getJsonObject("summary");
        for (String figure : List.of("pageViews", "visitors", "newVisitors", "engagedSessions", "jsErrors")) {
            day.put("summary " + figure, summary.getInt(figure));
        }
        return day;
    }

    @Test
    void theSameRecordsLandWithBatchesOnAndOffInAFractionOfTheRequests() throws Exception {
        List<Map<String, Object>> days = new ArrayList<>();
        List<Integer> recordRequests = new ArrayList<>();
        for (boolean batches : new boolean[] {false, true}) {
            try (PocketBaseServer pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38)) {
                assumeBatches(pocketBase, batches);
                try (TrackerHarness tracker = TrackerHarness.batching(pocketBase, NEVER, NO_LIMIT)) {
                    assertThat(tracker.core().status().writesPerRequest()).isEqualTo(batches ? 50 : 1);
                    trackScriptedDay(tracker);
                    tracker.flush();
                    assertThat(tracker.core().status().delivery().written()).isEqualTo(3 * 32 + 1);
                }
                days.add(storedDay(pocketBase));
                pocketBase.admin().awaitRequestLogCaughtUp();
                recordRequests.add(pocketBase.admin().loggedRequests("POST", "/api/collections/events/records")
                        + batchesTaken(pocketBase));
            }
        }

        assertThat(days.get(1)).isEqualTo(days.get(0));
        assertThat(recordRequests.get(0)).as("one by one: an event create each").isEqualTo(3 * 31);
        assertThat(recordRequests.get(1)).as("batches of up to 50: 99 events, 3 visitors, 3 sessions")
                .isBetween(3, 6);
    }

    @Test
    void batchesShrinkToWhatPocketBaseTakes() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38)) {
            assumeBatches(pocketBase, true);
            pocketBase.admin().setBatches(true, 10);
            TrackerHarness tracker = TrackerHarness.batching(pocketBase, NEVER, NO_LIMIT);
            RequestInfo browser = browser("198.51.100.83");
            IntStream.range(0, 40).forEach(page -> tracker.track(browser, pageView("/small-" + page).build()));
            tracker.flush();

            assertThat(new PocketBaseView(pocketBase).events("198.51.100.83")).hasSize(40);
            assertThat(tracker.core().status().writesPerRequest()).isEqualTo(10);
            tracker.close();
        }
    }

    @Test
    void aWritePocketBaseRefusesIsSetAsideAndTheRestOfItsBatchLands() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38)) {
            assumeBatches(pocketBase, true);
            pocketBase.admin().updateCollectionField("events", "eventName", Json.createObjectBuilder().add("max", 10)
                    .build());
            TrackerHarness tracker = TrackerHarness.batching(pocketBase, NEVER, NO_LIMIT);
            RequestInfo browser = browser("198.51.100.80");
            tracker.track(browser, pageView("/a").add("type", "custom").add("name", "short").build());
            tracker.track(browser, pageView("/b").add("type", "custom").add("name", "far-too-long-a-name").build());
            tracker.track(browser, pageView("/c").build());
            tracker.flush();

            PocketBaseView stored = new PocketBaseView(pocketBase);
            assertThat(stored.events("198.51.100.80")).extracting(event -> event.getString("path"))
                    .containsExactlyInAnyOrder("/a", "/c");
            Delivery delivery = tracker.core().status().delivery();
            assertThat(delivery.dropped().get(DropReason.REFUSED)).isEqualTo(1);
            assertThat(delivery.accepted()).isEqualTo(delivery.written() + delivery.droppedAfterAcceptance()
                    + delivery.queued());
            tracker.close();
        }
    }

    /**
     * A real PocketBase names the write it refuses in a batch; one that is refused whole without a name (a
     * malformed reply) is retried, then sent one write at a time, so that the bad write is set aside alone.
     */
    @Test
    void aBatchRefusedWholeWithoutNamingAWriteIsSentAgainOneByOneAndOnlyTheBadWriteIsSetAside() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38)) {
            assumeBatches(pocketBase, true);
            Predicate<JsonObject> bad = fields -> "bad".equals(fields.getString("eventName", ""));
            TrackerHarness tracker = TrackerHarness.batching(pocketBase, NEVER, NO_LIMIT, real -> new FaultyStore(real)
                    .fail(FaultyStore.Fault.REFUSED_WHOLE, FaultyStore.Operation.BATCH, "events", bad, NO_LIMIT)
                    .fail(FaultyStore.Fault.REFUSED, FaultyStore.Operation.CREATE, "events", bad, NO_LIMIT));
            RequestInfo browser = browser("198.51.100.84");
            tracker.track(browser, pageView("/a").add("type", "custom").add("name", "good").build());
            tracker.track(browser, pageView("/b").add("type", "custom").add("name", "bad").build());
            tracker.track(browser, pageView("/c").build());
            tracker.flush();

            assertThat(new PocketBaseView(pocketBase).events("198.51.100.84")).extracting(event -> event.getString(
                    "path")).containsExactlyInAnyOrder("/a", "/c");
            Delivery delivery = tracker.core().status().delivery();
            assertThat(delivery.dropped().get(DropReason.REFUSED)).isEqualTo(1);
            assertThat(delivery.retries()).as("the batch refused whole, once").isEqualTo(1);
            assertThat(delivery.accepted()).isEqualTo(delivery.written() + delivery.droppedAfterAcceptance()
                    + delivery.queued());
            tracker.close();
        }
    }

    @Test
    void aBatchWhoseAnswerWasLostLandsOnceAndOneReadSettlesIt() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38);
             FaultProxy proxy = FaultProxy.to(pocketBase.url())) {
            assumeBatches(pocketBase, true);
            TrackerHarness tracker = TrackerHarness.batchingThrough(pocketBase, proxy.url(), NEVER, NO_LIMIT, 1);
            RequestInfo browser = browser("198.51.100.81");
            IntStream.range(0, 20).forEach(page -> tracker.track(browser, pageView("/lost-" + page).build()));
            proxy.loseAnswers("POST", BATCHES, 1);
            tracker.flush();

            assertThat(proxy.answersLost()).isEqualTo(1);
            assertThat(new PocketBaseView(pocketBase).events("198.51.100.81")).hasSize(20);
            pocketBase.admin().awaitRequestLogCaughtUp();
            assertThat(pocketBase.admin().loggedRequests("GET", "/api/collections/events/records/"))
                    .as("the read that settles the lost batch").isEqualTo(1);
            assertThat(batchesTaken(pocketBase)).as("sent once, never again").isEqualTo(1);
            tracker.close();
        }
    }

    @Test
    void aBatchThatTimedOutInPocketBaseIsSentAgainAndLandsOnce() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38)) {
            assumeBatches(pocketBase, true);
            pocketBase.admin().setBatchTimeout(1);
            TrackerHarness tracker = TrackerHarness.batching(pocketBase, NEVER, NO_LIMIT);
            RequestInfo browser = browser("198.51.100.82");
            IntStream.range(0, 10).forEach(page -> tracker.track(browser, pageView("/slow-" + page).build()));
            try (AutoCloseable lock = pocketBase.holdDatabaseLock(Duration.ofMillis(2500))) {
                tracker.flush();
            }

            assertThat(new PocketBaseView(pocketBase).events("198.51.100.82")).hasSize(10);
            assertThat(tracker.core().status().delivery().retries()).as("the timed-out batch").isPositive();
            pocketBase.admin().awaitRequestLogCaughtUp();
            assertThat(pocketBase.admin().loggedRequests("data.method = 'POST' && data.url = '" + BATCHES
                    + "' && data.status = 400")).as("PocketBase's answer to the batch it gave up on").isPositive();
            tracker.close();
        }
    }

    /**
     * Steady traffic from many visitors, each browsing all along as on a real site, tracked from several threads
     * and written by a scheduler with as many threads as the tracker has in a server: the lanes' flushes fill
     * PocketBase's batches, so that with the visitors' lookups and their sessions' creates and updates, the
     * events cost at most one request per twenty.
     */
    @Test
    void steadyTrafficFromManyVisitorsCostsAtMostOneRequestPerTwentyEvents() throws Exception {
        int visitors = 200;
        int pages = 10;
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            assumeBatches(pocketBase, true);
            try (TrackerHarness tracker = TrackerHarness.batching(pocketBase, Duration.ofSeconds(1), 100, NEVER,
                    Executors.newScheduledThreadPool(6))) {
                ExecutorService browsers = Executors.newFixedThreadPool(8);
                List<Future<?>> sent = IntStream.range(0, 8).<Future<?>>mapToObj(thread -> browsers.submit(() -> {
                    for (int page = 0; page < pages; page++) {
                        for (int visitor = thread; visitor < visitors; visitor += 8) {
                            tracker.track(browser("198.18.0." + (visitor + 1)),
                                    pageView("/v" + visitor + "/p" + page).build());
                        }
                    }
                })).toList();
                for (Future<?> thread : sent) {
                    thread.get();
                }
                browsers.shutdown();
                await().atMost(Duration.ofMinutes(1)).until(() -> pocketBase.admin().count("events")
                        == visitors * pages);
            }
            pocketBase.admin().awaitRequestLogCaughtUp();
            int requests = pocketBase.admin().loggedRequests("data.userAgent = 'skopos-jakarta' && ("
                    + "data.url ~ '/api/collections/visitors/' || data.url ~ '/api/collections/sessions/'"
                    + " || data.url ~ '/api/collections/events/' || (data.url = '" + BATCHES
                    + "' && data.status = 200))");
            assertThat(requests).as("requests that wrote or looked up records").isBetween(1, visitors * pages / 20);
            assertThat(pocketBase.admin().count("sessions")).isEqualTo(visitors);
        }
    }
}
