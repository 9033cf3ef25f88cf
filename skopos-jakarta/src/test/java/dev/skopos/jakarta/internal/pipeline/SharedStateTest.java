package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.FlushResult;
import dev.skopos.jakarta.internal.cluster.SharedMap;
import dev.skopos.jakarta.internal.cluster.SharedStateException;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.store.RecordStore;
import dev.skopos.jakarta.testing.ForwardingStore;
import dev.skopos.jakarta.testing.InterceptedSharedMap;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Two instances of the tracker, each with its own Hazelcast member of one cluster as its JCache engine, against
 * one real PocketBase: a visitor whose events alternate between them has one session, with its entry and exit
 * pages; the day's {@code dash_sum} record holds exactly what both accepted, however their writes interleave;
 * and when the instance that writes the summaries dies, the other writes what it had merged.
 */
class SharedStateTest {
    private static final Instant MORNING = Instant.parse("2026-03-10T09:00:00Z");
    private static final Duration LEASE_TERM = Duration.ofSeconds(15);

    /**
     * How long the next writer waits for a write another instance sent without an answer, on its own clock
     * ({@code InFlightWrites.LIMIT}).
     */
    private static final Duration WRITE_IN_FLIGHT_LIMIT = Duration.ofMinutes(1);

    @RegisterExtension
    final SharedInstances instances = new SharedInstances(MORNING);
    private HeldRequests sessionsOfA;
    private HeldRequests lookupsOfB;
    private HeldRequests eventsOfB;
    private HeldRequests daysOfA;

    private static void pageView(TrackerHarness tracker, String path) {
        pageView(tracker, newIp(), path);
    }

    private static void pageView(TrackerHarness tracker, String ip, String path) {
        assertThat(tracker.track(browser(ip), Json.createObjectBuilder().add("type", "pageView")
                .add("url", "https://example.com" + path).build())).isTrue();
    }

    /**
     * Lets both instances' sessions run out and sweeps them; then flushes until each has written what the
     * other's sweep handed on.
     */
    private static void endSessionsOnBoth(TrackerHarness a, TrackerHarness b) throws Exception {
        a.clock().advance(Duration.ofMinutes(31));
        b.clock().advance(Duration.ofMinutes(31));
        a.pipeline().sweepSessions();
        b.pipeline().sweepSessions();
        a.flush();
        b.flush();
        a.flush();
    }

    private JsonObject summary() {
        return new PocketBaseView(instances.pocketBase()).summaryOf("2026-03-10");
    }

    @Test
    void aVisitorAlternatingBetweenInstancesHasOneSessionCountedOnce() throws Exception {
        List<String> visitors = IntStream.range(0, 10).mapToObj(i -> newIp()).toList();
        try (TrackerHarness a = instances.instance(0, UnaryOperator.identity());
             TrackerHarness b = instances.instance(1, UnaryOperator.identity())) {
            for (int step = 0; step < 4; step++) {
                TrackerHarness serving = step % 2 == 0 ? a : b;
                for (String ip : visitors) {
                    assertThat(serving.track(browser(ip), Json.createObjectBuilder().add("type", "pageView")
                            .add("url", "https://example.com/p" + step).build())).isTrue();
                }
                a.clock().advance(Duration.ofSeconds(10));
                b.clock().advance(Duration.ofSeconds(10));
            }
            a.flush();
            b.flush();
            PocketBaseView stored = new PocketBaseView(instances.pocketBase());
            for (String ip : visitors) {
                assertThat(stored.visitors(ip)).as("one visitor record, whichever instance created it").hasSize(1);
                JsonObject session = stored.onlySession(ip);
                assertThat(session.getString("entryPath")).isEqualTo("/p0");
                assertThat(stored.events(session)).hasSize(4);
            }

            endSessionsOnBoth(a, b);
            for (String ip : visitors) {
                assertThat(stored.onlySession(ip).getString("exitPath")).isEqualTo("/p3");
            }
        }

        JsonObject summary = summary();
        assertThat(summary.getJsonNumber("pageViews").longValue()).isEqualTo(40);
        assertThat(summary.getJsonNumber("visitors").longValue()).isEqualTo(10);
        assertThat(summary.getJsonNumber("newVisitors").longValue()).isEqualTo(10);
        assertThat(summary.getJsonNumber("returningVisitors").longValue()).isZero();
        assertThat(summary.getJsonNumber("engagedSessions").longValue()).isEqualTo(10);
        assertThat(PocketBaseView.breakdown(summary, "entryPages")).isEqualTo(Map.of("/p0", 10L));
        assertThat(PocketBaseView.breakdown(summary, "exitPages")).isEqualTo(Map.of("/p3", 10L));
        assertThat(PocketBaseView.breakdown(summary, "topPages"))
                .isEqualTo(Map.of("/p0", 10L, "/p1", 10L, "/p2", 10L, "/p3", 10L));
    }

    @Test
    void aRequestOfASessionThisInstanceHoldsDoesNotWaitForTheEngine() throws Exception {
        String ip = newIp();
        ControlledEngine engineOfA = new ControlledEngine(instances.engine().map(0));
        try (TrackerHarness a = TrackerHarness.sharing(instances.pocketBase(), engineOfA, UnaryOperator.identity());
             TrackerHarness b = instances.instance(1, UnaryOperator.identity())) {
            a.clock().set(MORNING);
            pageView(a, ip, "/p0");
            a.clock().advance(Duration.ofMinutes(20));
            engineOfA.hold();
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> pageView(a, ip, "/p1"),
                        "the request waited for the engine");
            } finally {
                engineOfA.release();
            }
            a.flush();

            // 40 minutes after the first page and 20 after the second: the session lives on only if the second
            // reached the shared entry
            b.clock().advance(Duration.ofMinutes(40));
            pageView(b, ip, "/p2");
            b.flush();
        }
        PocketBaseView stored = new PocketBaseView(instances.pocketBase());
        assertThat(stored.events(stored.onlySession(ip))).extracting(event -> event.getString("path"))
                .containsExactlyInAnyOrder("/p0", "/p1", "/p2");
    }

    @Test
    void whileTheEngineFailsRequestsGoOnWithoutTryingIt() throws Exception {
        ControlledEngine engineOfA = new ControlledEngine(instances.engine().map(0));
        Thread requests = Thread.currentThread();
        List<String> visitors = IntStream.range(0, 3).mapToObj(i -> newIp()).toList();
        try (TrackerHarness a = TrackerHarness.sharing(instances.pocketBase(), engineOfA, UnaryOperator.identity())) {
            a.clock().set(MORNING);
            engineOfA.failing(true);
            pageView(a, visitors.get(0), "/found-failing");
            long triedOnce = engineOfA.callsOf(requests);
            assertThat(triedOnce).as("the request that found the engine failing").isPositive();
            assertThat(a.core().status().sharedState()).contains("unreachable");

            pageView(a, visitors.get(1), "/while-failing");
            assertThat(engineOfA.callsOf(requests)).as("calls of requests while it fails").isEqualTo(triedOnce);

            engineOfA.failing(false);
            a.flush();
            assertThat(a.core().status().sharedState()).as("the writer's calls find it answering").contains("shared");
            pageView(a, visitors.get(2), "/answering-again");
            assertThat(engineOfA.callsOf(requests)).isGreaterThan(triedOnce);
            a.flush();
        }
        PocketBaseView stored = new PocketBaseView(instances.pocketBase());
        for (String ip : visitors) {
            assertThat(stored.events(stored.onlySession(ip))).hasSize(1);
        }
    }

    @Test
    void anEventRecordedLateLeavesTheLaterExitPage() throws Exception {
        String ip = newIp();
        try (TrackerHarness a = instances.instance(0, UnaryOperator.identity());
             TrackerHarness b = instances.instance(1, UnaryOperator.identity())) {
            pageView(a, ip, "/first");
            b.clock().advance(Duration.ofSeconds(20));
            pageView(b, ip, "/latest");
            b.flush();
            // a's clock is behind: its event, though sent last, happened before b's
            a.clock().advance(Duration.ofSeconds(10));
            pageView(a, ip, "/earlier");
            a.flush();

            endSessionsOnBoth(a, b);
        }
        assertThat(new PocketBaseView(instances.pocketBase()).onlySession(ip).getString("exitPath"))
                .isEqualTo("/latest");
        assertThat(PocketBaseView.breakdown(summary(), "exitPages")).isEqualTo(Map.of("/latest", 1L));
    }

    @Test
    void aSessionRecordAnotherInstanceCreatesAtTheSameMomentKeepsTheEvents() throws Exception {
        String ip = newIp();
        try (TrackerHarness a = instances.instance(0, real -> new ForwardingStore(real) {
            private boolean raced;

            /** The other instance's create of the same session lands first; this one's insert is refused. */
            @Override
            public JsonObject create(String collection, JsonObject record) {
                if (collection.equals("sessions") && !raced) {
                    raced = true;
                    super.create(collection, record);
                    throw new PocketBaseException(400, "Failed to create record.");
                }
                return super.create(collection, record);
            }
        })) {
            pageView(a, ip, "/raced");
            a.flush();

            assertThat(a.core().status().delivery().dropped()).allSatisfy((reason, count) ->
                    assertThat(count).as(reason.code()).isZero());
        }
        PocketBaseView stored = new PocketBaseView(instances.pocketBase());
        assertThat(stored.events(stored.onlySession(ip))).extracting(event -> event.getString("path"))
                .containsExactly("/raced");
    }

    @Test
    void theLastPageIsTheExitAlsoWhenTheOtherInstanceCreatedTheSessionsRecord() throws Exception {
        String ip = newIp();
        try (TrackerHarness a = instances.instance(0, UnaryOperator.identity());
             TrackerHarness b = instances.instance(1, UnaryOperator.identity())) {
            pageView(a, ip, "/p0");
            a.flush();
            b.clock().advance(Duration.ofSeconds(10));
            pageView(b, ip, "/p1");
            b.flush();
        }
        assertThat(new PocketBaseView(instances.pocketBase()).onlySession(ip).getString("exitPath"))
                .isEqualTo("/p1");
    }

    @Test
    void aRecordCreatedWithAnEventNotYetSharedKeepsItsExitPage() throws Exception {
        String ip = newIp();
        HeldImmediateTasks schedulerOfB = new HeldImmediateTasks(2);
        try (TrackerHarness a = instances.instance(0, real -> sessionsOfA = new HeldRequests(real, "sessions",
                HeldRequests.Request.CREATE));
             TrackerHarness b = instances.instance(1, real -> eventsOfB = new HeldRequests(lookupsOfB =
                     new HeldRequests(real, "visitors", HeldRequests.Request.FIND), "events",
                     HeldRequests.Request.CREATE), schedulerOfB)) {
            sessionsOfA.hold();
            lookupsOfB.hold();
            eventsOfB.hold();
            schedulerOfB.hold();
            pageView(b, ip, "/p0");
            b.clock().advance(Duration.ofSeconds(20));
            // b holds the session: its event goes to the shared entry behind the request, on a busy scheduler
            pageView(b, ip, "/p2");
            a.clock().advance(Duration.ofSeconds(10));
            pageView(a, ip, "/p1");

            // b creates the session's record with its latest page; then a's create meets it, and a writes its own
            lookupsOfB.release();
            PocketBaseView stored = new PocketBaseView(instances.pocketBase());
            await().atMost(Duration.ofSeconds(10)).until(() -> stored.sessions(ip).size() == 1);
            sessionsOfA.release();
            a.flush();
            eventsOfB.release();
            schedulerOfB.release();
            b.flush();
        }
        assertThat(new PocketBaseView(instances.pocketBase()).onlySession(ip).getString("exitPath"))
                .isEqualTo("/p2");
    }

    /** Instance a, whose updates of day records wait while {@link #daysOfA} holds them. */
    private TrackerHarness summaryWriterWithSlowUpdates() {
        return instances.instance(0, real -> daysOfA = new HeldRequests(real, "dash_sum",
                HeldRequests.Request.UPDATE));
    }

    /**
     * a writes a page view's gains, holding the lease; then a second page view's, whose update of the day's record
     * stalls: returns a's flush, which ends once the update does.
     */
    private CompletableFuture<FlushResult> stallsItsSecondSummaryWrite(TrackerHarness a) {
        pageView(a, "/a");
        a.flush();
        assertThat(summary().getJsonNumber("pageViews").longValue()).as("a holds the lease").isEqualTo(1);
        daysOfA.hold();
        pageView(a, "/a");
        CompletableFuture<FlushResult> stalled = CompletableFuture.supplyAsync(() -> a.pipeline()
                .flush(Duration.ofSeconds(20)));
        await().atMost(Duration.ofSeconds(10)).until(daysOfA::holdsOne);
        return stalled;
    }

    @Test
    void aSummaryWriteStalledPastTheTakeoverUndoesNoGain() throws Exception {
        try (TrackerHarness a = summaryWriterWithSlowUpdates();
             TrackerHarness b = instances.instance(1, UnaryOperator.identity())) {
            CompletableFuture<FlushResult> stalled = stallsItsSecondSummaryWrite(a);

            // b takes the lease over while a's write is still on its way
            takesOverWithAPageViewOfItsOwn(b);
            assertThat(summary().getJsonNumber("pageViews").longValue()).as("b waits for a's write").isEqualTo(1);

            daysOfA.release();
            stalled.get();
            b.flush();
        }
        assertEveryPageViewCountedOnce();
    }

    @Test
    void aSummaryWriteOfAWriterThatDiedIsSentAgainOnceItCanNoLongerLand() throws Exception {
        try (TrackerHarness a = summaryWriterWithSlowUpdates();
             TrackerHarness b = instances.instance(1, UnaryOperator.identity())) {
            stallsItsSecondSummaryWrite(a);
            instances.engine().kill(0);

            takesOverWithAPageViewOfItsOwn(b);
            assertThat(summary().getJsonNumber("pageViews").longValue()).as("a's write may still land").isEqualTo(1);
            b.clock().advance(WRITE_IN_FLIGHT_LIMIT);
            b.flush();
            daysOfA.lose();
        }
        assertEveryPageViewCountedOnce();
    }

    /** b records a page view, sees a's summary lease unchanged for a whole term on its own clock, and takes it. */
    private static void takesOverWithAPageViewOfItsOwn(TrackerHarness b) {
        pageView(b, "/b");
        b.flush();
        b.clock().advance(LEASE_TERM);
        b.flush();
    }

    /** Two page views of /a on instance a, one of /b on b, each counted once. */
    private void assertEveryPageViewCountedOnce() {
        JsonObject summary = summary();
        assertThat(summary.getJsonNumber("pageViews").longValue()).isEqualTo(3);
        assertThat(PocketBaseView.breakdown(summary, "topPages")).isEqualTo(Map.of("/a", 2L, "/b", 1L));
    }

    @Test
    void twoInstancesFlushingAtOnceAddUpExactly() throws Exception {
        try (TrackerHarness a = instances.instance(0, UnaryOperator.identity());
             TrackerHarness b = instances.instance(1, UnaryOperator.identity())) {
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < 3; i++) {
                    pageView(a, "/a");
                    pageView(b, "/b");
                }
                CompletableFuture.allOf(CompletableFuture.runAsync(a::flush), CompletableFuture.runAsync(b::flush))
                        .get();
            }
            // whichever holds the lease writes what the other merged last
            a.flush();
            b.flush();
        }

        JsonObject summary = summary();
        assertThat(summary.getJsonNumber("pageViews").longValue()).isEqualTo(60);
        assertThat(summary.getJsonNumber("visitors").longValue()).isEqualTo(60);
        assertThat(summary.getJsonNumber("newVisitors").longValue()).isEqualTo(60);
        assertThat(PocketBaseView.breakdown(summary, "topPages")).isEqualTo(Map.of("/a", 30L, "/b", 30L));
        assertThat(PocketBaseView.breakdown(summary, "entryPages")).isEqualTo(Map.of("/a", 30L, "/b", 30L));
    }

    @Test
    void whenTheWritingInstanceDiesTheOtherWritesWhatItHadMerged() throws Exception {
        AtomicBoolean summariesFail = new AtomicBoolean();
        try (TrackerHarness a = instances.instance(0, real -> new SummaryFailingStore(real, summariesFail));
             TrackerHarness b = instances.instance(1, UnaryOperator.identity())) {
            pageView(a, "/a");
            a.flush();
            assertThat(summary().getJsonNumber("pageViews").longValue()).as("a holds the lease").isEqualTo(1);

            pageView(b, "/b");
            pageView(b, "/b");
            b.flush();
            // a's next write takes its own page view in, and fails to send it
            summariesFail.set(true);
            pageView(a, "/a");
            a.pipeline().flush(Duration.ofMillis(300));
            assertThat(a.core().status().sharedState()).contains("shared");
            instances.engine().kill(0);
            a.pipeline().flush(Duration.ofMillis(300));
            assertThat(a.core().status().sharedState()).as("a goes on alone").contains("unreachable");
            assertThat(a.core().status().ready()).isTrue();

            // b sees a's lease unchanged for a whole term on its own clock, then takes it over, and sends a's last
            // write again once it can no longer land
            b.flush();
            b.clock().advance(LEASE_TERM);
            b.flush();
            b.clock().advance(WRITE_IN_FLIGHT_LIMIT);
            b.flush();
            summariesFail.set(false);
        }

        JsonObject summary = summary();
        assertThat(summary.getJsonNumber("pageViews").longValue()).isEqualTo(4);
        assertThat(PocketBaseView.breakdown(summary, "topPages")).isEqualTo(Map.of("/a", 2L, "/b", 2L));
    }

    /**
     * An engine whose calls wait while the test holds it, as one slow to answer, or fail while it fails, as one
     * out of reach; it counts the calls each thread makes.
     */
    private static final class ControlledEngine extends InterceptedSharedMap {
        private final Map<Thread, LongAdder> calls = new ConcurrentHashMap<>();
        private volatile CountDownLatch released = new CountDownLatch(0);
        private volatile boolean failing;

        ControlledEngine(SharedMap engine) {
            super(engine);
        }

        void hold() {
            released = new CountDownLatch(1);
        }

        void release() {
            released.countDown();
        }

        void failing(boolean failing) {
            this.failing = failing;
        }

        long callsOf(Thread thread) {
            LongAdder made = calls.get(thread);
            return made == null ? 0 : made.sum();
        }

        @Override
        protected <T> T intercept(Operation operation, Supplier<T> call) {
            calls.computeIfAbsent(Thread.currentThread(), thread -> new LongAdder()).increment();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SharedStateException("interrupted while the test held the engine", e);
            }
            if (failing) {
                throw new SharedStateException("the engine is out of reach (injected)", null);
            }
            return call.get();
        }
    }

    /** Fails every write of a day record while {@code failing} is set, as a PocketBase that stopped answering. */
    private static final class SummaryFailingStore extends ForwardingStore {
        private final AtomicBoolean failing;

        SummaryFailingStore(RecordStore real, AtomicBoolean failing) {
            super(real);
            this.failing = failing;
        }

        @Override
        public JsonObject create(String collection, JsonObject record) {
            failIfSummary(collection);
            return super.create(collection, record);
        }

        @Override
        public JsonObject update(String collection, String id, JsonObject changes) {
            failIfSummary(collection);
            return super.update(collection, id, changes);
        }

        private void failIfSummary(String collection) {
            if (failing.get() && collection.equals("dash_sum")) {
                throw new PocketBaseException(0, "PocketBase did not answer (injected)");
            }
        }
    }
}
