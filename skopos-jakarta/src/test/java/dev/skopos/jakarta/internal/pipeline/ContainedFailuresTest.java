package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.cluster.SharedMap;
import dev.skopos.jakarta.internal.store.RecordStore;
import dev.skopos.jakarta.testing.DashboardLayout;
import dev.skopos.jakarta.testing.FaultyStore.Fault;
import dev.skopos.jakarta.testing.FaultyStore.Operation;
import dev.skopos.jakarta.testing.FaultyStore;
import dev.skopos.jakarta.testing.HazelcastMembers;
import dev.skopos.jakarta.testing.InterceptedSharedMap;
import dev.skopos.jakarta.testing.LogCapture;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.stream.IntStream;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failures nobody foresaw, injected where a real PocketBase cannot show them (a store, or a shared-state engine,
 * that throws what no answer of PocketBase's explains), in the flushes on the scheduler and in the drain at
 * shutdown. A record whose write throws is set aside alone, counted as {@code dropped.failed} and logged once per
 * cause, without the exception's message, and its lane goes on; a batch that throws is sent one write at a time;
 * the summary writer and the JS error writer keep every gain and report, and write them later; an engine that
 * throws leaves the instance going on with state of its own. The books balance every time:
 * {@code accepted = written + dropped + queued}.
 */
class ContainedFailuresTest {
    private static final Duration NEVER = Duration.ofHours(1);
    private static final int NO_LIMIT = 100_000;
    private static final Duration WRITTEN_WITHIN = Duration.ofSeconds(30);
    private static final String POISON = "poisoned";
    private static final String BOOM = "TypeError: cart is null";
    private static final String OTHER = "RangeError: invalid array length";

    /** Where the records are written: on the scheduler as they come, or all of them by the drain at shutdown. */
    enum Flush {
        SCHEDULED, DRAIN;

        /** A tracker that writes this way, through {@code store}; the scheduled one flushes JS errors every second. */
        TrackerHarness tracker(PocketBaseServer pocketBase, UnaryOperator<RecordStore> store) {
            return this == SCHEDULED ? TrackerHarness.withStore(pocketBase, store, Duration.ofSeconds(1))
                    : TrackerHarness.batching(pocketBase, NEVER, NO_LIMIT, store);
        }

        /** Waits until the scheduled flushes have written what {@code written} looks for, or drains and checks it. */
        void write(TrackerHarness tracker, Callable<Boolean> written) throws Exception {
            if (this == SCHEDULED) {
                await().atMost(WRITTEN_WITHIN).until(written);
            } else {
                tracker.core().close();
                assertThat(written.call()).as("written by the drain").isTrue();
            }
        }
    }

    private static Predicate<JsonObject> field(String name, String value) {
        return fields -> value.equals(fields.getString(name, ""));
    }

    private static List<String> pathsOrNames(List<JsonObject> events) {
        return events.stream().map(event -> event.getString("eventName", "").isEmpty() ? event.getString("path")
                : event.getString("eventName")).toList();
    }

    private static void assertBalanced(Delivery books, long accepted) {
        assertThat(books.accepted()).as("accepted").isEqualTo(accepted);
        assertThat(books.queued()).as("queued").isZero();
        assertThat(books.written() + books.droppedAfterAcceptance()).as("written and given up").isEqualTo(accepted);
    }

    private static List<String> severe(LogCapture log, String consequence) {
        return log.messages(Level.SEVERE).stream().filter(message -> message.contains(consequence)).toList();
    }

    @ParameterizedTest
    @EnumSource(Flush.class)
    void aRecordWhoseWriteThrowsWhatNobodyForesawIsSetAsideAloneAndItsLaneGoesOn(Flush flush) throws Exception {
        String ip = newIp();
        String otherIp = newIp();
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             LogCapture log = LogCapture.ofLibrary();
             TrackerHarness tracker = flush.tracker(pocketBase, real -> new FaultyStore(real).fail(Fault.UNFORESEEN,
                     Operation.CREATE, "events", field("eventName", POISON), Integer.MAX_VALUE))) {
            RequestInfo visitor = browser(ip);
            tracker.track(visitor, pageView("/").build());
            tracker.trackServerEvent(Optional.of(visitor), POISON, Map.of());
            tracker.track(browser(otherIp), pageView("/other").build());
            tracker.trackServerEvent(Optional.of(visitor), POISON, Map.of("again", true));
            tracker.track(visitor, pageView("/after").build());

            PocketBaseView stored = new PocketBaseView(pocketBase);
            flush.write(tracker, () -> stored.events(ip).size() == 2 && tracker.pipeline().delivery().queued() == 0);

            assertThat(pathsOrNames(stored.events(ip))).containsExactlyInAnyOrder("/", "/after");
            assertThat(pathsOrNames(stored.events(otherIp))).containsExactly("/other");
            Delivery books = tracker.core().status().delivery();
            assertBalanced(books, 5);
            assertThat(books.dropped().get(DropReason.FAILED)).isEqualTo(2);
            assertThat(books.written()).isEqualTo(3);
            assertThat(severe(log, "set a record aside")).as("one line for the one cause").singleElement()
                    .satisfies(line -> assertThat(line).contains("IllegalStateException", "FaultyStore"));
            assertThat(log.allMessages()).noneMatch(line -> line.contains(FaultyStore.UNFORESEEN_MESSAGE));
        }
    }

    /** What goes wrong with a batch. */
    enum BatchFault {
        /** The batch throws once; each of its writes lands when sent alone. */
        ONCE(false),
        /** The batch throws, and so does one of its writes sent alone. */
        WITH_ONE_OF_ITS_WRITES(true);

        private final boolean poisonThrowsAlone;

        BatchFault(boolean poisonThrowsAlone) {
            this.poisonThrowsAlone = poisonThrowsAlone;
        }
    }

    @ParameterizedTest
    @EnumSource(BatchFault.class)
    void aBatchThatThrowsWhatNobodyForesawIsSentOneWriteAtATime(BatchFault fault) throws Exception {
        String ip = newIp();
        String otherIp = newIp();
        try (PocketBaseServer pocketBase = PocketBaseServer.start(); LogCapture log = LogCapture.ofLibrary()) {
            PocketBaseBatchesTest.assumeBatches(pocketBase, true);
            TrackerHarness tracker = TrackerHarness.batching(pocketBase, NEVER, NO_LIMIT, real -> {
                FaultyStore faulty = new FaultyStore(real).fail(Fault.UNFORESEEN, Operation.BATCH, "events",
                        field("eventName", POISON), fault.poisonThrowsAlone ? Integer.MAX_VALUE : 1);
                return fault.poisonThrowsAlone ? faulty.fail(Fault.UNFORESEEN, Operation.CREATE, "events",
                        field("eventName", POISON), Integer.MAX_VALUE) : faulty;
            });
            RequestInfo visitor = browser(ip);
            IntStream.range(0, 10).forEach(page -> tracker.track(visitor, pageView("/before-" + page).build()));
            tracker.trackServerEvent(Optional.of(visitor), POISON, Map.of());
            IntStream.range(0, 5).forEach(page -> tracker.track(visitor, pageView("/after-" + page).build()));
            tracker.track(browser(otherIp), pageView("/other").build());
            assertThat(tracker.core().status().writesPerRequest()).isEqualTo(50);

            tracker.close();

            PocketBaseView stored = new PocketBaseView(pocketBase);
            assertThat(pathsOrNames(stored.events(ip))).hasSize(fault.poisonThrowsAlone ? 15 : 16)
                    .doesNotHaveDuplicates().contains("/before-0", "/after-4")
                    .containsOnlyOnce(fault.poisonThrowsAlone ? "/after-0" : POISON);
            assertThat(pathsOrNames(stored.events(otherIp))).containsExactly("/other");
            Delivery books = tracker.core().status().delivery();
            assertBalanced(books, 17);
            assertThat(books.dropped().get(DropReason.FAILED)).isEqualTo(fault.poisonThrowsAlone ? 1 : 0);
            assertThat(severe(log, "sends the writes of a batch that failed one by one")).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Flush.class)
    void theSummaryWriterKeepsEveryGainWhateverItThrowsAndWritesItLater(Flush flush) throws Exception {
        FaultyStore[] faulty = new FaultyStore[1];
        try (PocketBaseServer pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38);
             TrackerHarness tracker = flush.tracker(pocketBase, real -> faulty[0] = new FaultyStore(real)
                     .fail(Fault.UNFORESEEN, Operation.FIND, "dash_sum", dayLookup(), 1)
                     .fail(Fault.UNFORESEEN, Operation.CREATE, "dash_sum", 1)
                     .fail(Fault.UNFORESEEN, Operation.UPDATE, "dash_sum", 1))) {
            RequestInfo visitor = browser(newIp());
            tracker.track(visitor, pageView("/").build());
            tracker.track(visitor, pageView("/pricing").build());
            tracker.track(browser(newIp()), pageView("/").build());
            if (flush == Flush.SCHEDULED) {
                // the first gains reach the day's record at the fourth try (a search, a create, then the same
                // whole summary as an update and a create), the next are added to it
                await().atMost(WRITTEN_WITHIN).until(() -> pageViews(pocketBase) == 3);
            }
            tracker.track(visitor, pageView("/checkout").build());

            flush.write(tracker, () -> pageViews(pocketBase) == 4);

            assertThat(faulty[0].injected()).as("faults injected").isEqualTo(3);
            JsonObject summary = pocketBase.admin().list("dash_sum", null).get(0).getJsonObject("summary");
            assertThat(summary.getInt("visitors")).isEqualTo(2);
            assertThat(PocketBaseView.breakdown(summary, "topPages"))
                    .isEqualTo(Map.of("/", 2L, "/pricing", 1L, "/checkout", 1L));
        }
    }

    /** The search for a day's record, not the one for any record of the website that tells the collection is there. */
    private static Predicate<JsonObject> dayLookup() {
        return search -> search.getString("filter").contains("date");
    }

    private static int pageViews(PocketBaseServer pocketBase) {
        List<JsonObject> days = pocketBase.admin().list("dash_sum", null);
        return days.isEmpty() ? 0 : days.get(0).getJsonObject("summary").getInt("pageViews", 0);
    }

    @ParameterizedTest
    @EnumSource(Flush.class)
    void theJsErrorWriterKeepsEveryReportWhateverItThrowsAndWritesItLater(Flush flush) throws Exception {
        FaultyStore[] faulty = new FaultyStore[1];
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             TrackerHarness tracker = flush.tracker(pocketBase, real -> faulty[0] = new FaultyStore(real)
                     .fail(Fault.UNFORESEEN, Operation.CREATE, "js_errors", field("errorMessage", BOOM), 2))) {
            RequestInfo visitor = browser(newIp());
            RequestInfo other = browser(newIp());
            tracker.track(visitor, jsError(BOOM));
            tracker.track(visitor, jsError(BOOM));
            tracker.track(other, jsError(OTHER));
            tracker.track(other, jsError(BOOM));

            flush.write(tracker, () -> Map.of(BOOM, 3, OTHER, 1).equals(jsErrorCounts(pocketBase)));

            assertThat(faulty[0].injected()).isEqualTo(2);
            assertBalanced(tracker.core().status().delivery(), 4);
        }
    }

    private static JsonObject jsError(String message) {
        return pageView("/shop").add("type", "jsError").add("errorMessage", message).build();
    }

    private static Map<String, Integer> jsErrorCounts(PocketBaseServer pocketBase) {
        return new PocketBaseView(pocketBase).jsErrors().stream().collect(java.util.stream.Collectors.toMap(
                error -> error.getString("errorMessage"), error -> error.getInt("count")));
    }

    /** A shared-state engine that throws what its adapter does not foresee while told to. */
    private static final class ThrowingEngine extends InterceptedSharedMap {
        private volatile boolean throwing;

        ThrowingEngine(SharedMap engine) {
            super(engine);
        }

        @Override
        protected <T> T intercept(Operation operation, Supplier<T> call) {
            if (throwing) {
                throw new IllegalStateException(FaultyStore.UNFORESEEN_MESSAGE);
            }
            return call.get();
        }
    }

    /**
     * The sessions of visitors who come while the engine throws are counted by this instance alone; a session
     * that began before would be counted again, as it is when the engine is out of reach, so none does here.
     */
    @ParameterizedTest
    @EnumSource(Flush.class)
    void aSharedStateEngineThatThrowsWhatNobodyForesawLeavesTheInstanceGoingOnAlone(Flush flush) throws Exception {
        String ip = newIp();
        String laterIp = newIp();
        String lastIp = newIp();
        try (PocketBaseServer pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38);
             HazelcastMembers members = new HazelcastMembers(1);
             LogCapture log = LogCapture.ofLibrary()) {
            ThrowingEngine engine = new ThrowingEngine(members.map(0));
            TrackerHarness tracker = flush == Flush.SCHEDULED
                    ? TrackerHarness.sharing(pocketBase, engine, UnaryOperator.identity())
                    : TrackerHarness.batching(pocketBase, NEVER, NO_LIMIT, engine);
            tracker.track(browser(ip), pageView("/").build());
            if (flush == Flush.SCHEDULED) {
                await().atMost(WRITTEN_WITHIN).until(() -> pageViews(pocketBase) == 1);
            }

            engine.throwing = true;
            RequestInfo later = browser(laterIp);
            tracker.track(later, pageView("/").build());
            tracker.track(later, pageView("/pricing").build());
            tracker.track(later, jsError(BOOM));
            tracker.track(browser(lastIp), pageView("/").build());
            tracker.track(browser(lastIp), jsError(BOOM));
            PocketBaseView stored = new PocketBaseView(pocketBase);
            flush.write(tracker, () -> pageViews(pocketBase) == 4 && stored.events(lastIp).size() == 1);
            tracker.close();

            assertThat(pathsOrNames(stored.events(laterIp))).containsExactlyInAnyOrder("/", "/pricing");
            assertThat(stored.sessions(laterIp)).hasSize(1);
            JsonObject summary = pocketBase.admin().list("dash_sum", null).get(0).getJsonObject("summary");
            assertThat(summary.getInt("visitors")).isEqualTo(3);
            assertThat(jsErrorCounts(pocketBase)).isEqualTo(Map.of(BOOM, 2));
            assertBalanced(tracker.core().status().delivery(), 6);
            assertThat(tracker.core().status().sharedState()).contains("unreachable");
            assertThat(log.messages(Level.WARNING)).anyMatch(line -> line.contains("cannot reach its shared state")
                    && line.contains("IllegalStateException"));
            assertThat(log.allMessages()).noneMatch(line -> line.contains(FaultyStore.UNFORESEEN_MESSAGE));
        }
    }
}
