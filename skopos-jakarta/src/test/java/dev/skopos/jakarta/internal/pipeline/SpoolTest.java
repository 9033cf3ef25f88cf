package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.internal.pocketbase.Filter;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.spool.SpoolInUseException;
import dev.skopos.jakarta.internal.spool.SpoolSettings;
import dev.skopos.jakarta.internal.store.RecordStore;
import dev.skopos.jakarta.testing.DashboardLayout;
import dev.skopos.jakarta.testing.ForwardingStore;
import dev.skopos.jakarta.testing.LogCapture;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Stream;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The durable spool against a real PocketBase: what was accepted before the tracker was killed during an outage
 * is stored once after its restart, and so are the daily figures. The kill is the tracker's threads stopped at
 * once, nothing drained, and the restart reads a copy of the spool directory as the killed process left it.
 */
class SpoolTest {
    private static final long MB = 1024 * 1024;
    /** What {@link #acceptVisits} accepts: five page views, a JS error, a server event and an identify call. */
    private static final long ACCEPTED_IN_VISITS = 7;

    @TempDir
    Path temp;
    private PocketBaseServer pocketBase;
    private PocketBaseView stored;

    @BeforeEach
    void startPocketBase() {
        // the layout of dashboards before 0.38, whose dash_sum figures are counts the spool must not add twice
        pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38);
        stored = new PocketBaseView(pocketBase);
    }

    @AfterEach
    void stopPocketBase() {
        pocketBase.close();
    }

    @Test
    void whatWasAcceptedBeforeAKillDuringAnOutageIsStoredOnceAfterTheRestartWithExactDailyFigures()
            throws Exception {
        String ada = newIp();
        String bea = newIp();
        String cyd = newIp();
        TrackerHarness killed = TrackerHarness.spooling(pocketBase, spool("first"), true);
        String day = killed.clock().instant().atZone(ZoneOffset.UTC).toLocalDate().toString();
        assertThat(killed.track(browser(ada), pageView("/").build())).isTrue();
        killed.flush(); // ada's first event, her session and the day's figures are confirmed before the outage

        pocketBase.stop();
        assertThat(killed.track(browser(ada), pageView("/pricing").build())).isTrue();
        assertThat(killed.track(browser(bea), pageView("/").build())).isTrue();
        assertThat(killed.track(browser(bea), pageView("/docs").build())).isTrue();
        assertThat(killed.track(browser(bea), jsError("/docs", "TypeError: x is undefined"))).isTrue();
        assertThat(killed.track(browser(cyd), pageView("/blog").build())).isTrue();
        assertThat(killed.track(browser(cyd), Json.createObjectBuilder().add("type", "custom")
                .add("url", "https://example.com/blog").add("name", "signup").build())).isTrue();
        killed.crash();

        pocketBase.restart();
        try (TrackerHarness restarted = TrackerHarness.spooling(pocketBase, copyOf("first"), true)) {
            restarted.flush();
            assertThat(paths(ada)).containsExactlyInAnyOrder("/", "/pricing");
            assertThat(paths(bea)).containsExactlyInAnyOrder("/", "/docs");
            assertThat(paths(cyd)).containsExactlyInAnyOrder("/blog", "/blog");
            for (String visitor : List.of(ada, bea, cyd)) {
                assertThat(stored.sessions(visitor)).as("sessions of one visitor").hasSize(1);
                assertThat(stored.visitors(visitor)).hasSize(1);
            }
            assertThat(stored.jsErrors()).singleElement()
                    .satisfies(error -> assertThat(error.getInt("count")).isEqualTo(1));
            JsonObject summary = stored.summaryOf(day);
            assertThat(summary.getInt("pageViews")).isEqualTo(5);
            assertThat(summary.getInt("visitors")).isEqualTo(3);
            assertThat(summary.getInt("newVisitors")).isEqualTo(3);
            assertThat(summary.getInt("jsErrors")).isEqualTo(1);
            assertThat(PocketBaseView.breakdown(summary, "topPages")).isEqualTo(Map.of("/", 2L, "/pricing", 1L,
                    "/docs", 1L, "/blog", 1L));
            assertThat(PocketBaseView.breakdown(summary, "entryPages")).isEqualTo(Map.of("/", 2L, "/blog", 1L));
            assertThat(restarted.pipeline().delivery().accepted()).as("accepted again after the restart")
                    .isEqualTo(6);
        }
    }

    /** What the spool is for: without it, the same kill loses everything PocketBase had not confirmed. */
    @Test
    void withoutTheSpoolAKillDuringAnOutageLosesWhatPocketBaseHadNotConfirmed() throws Exception {
        String ada = newIp();
        String bea = newIp();
        TrackerHarness killed = TrackerHarness.immediate(pocketBase);
        assertThat(killed.track(browser(ada), pageView("/").build())).isTrue();
        killed.flush();

        pocketBase.stop();
        assertThat(killed.track(browser(ada), pageView("/pricing").build())).isTrue();
        assertThat(killed.track(browser(bea), pageView("/").build())).isTrue();
        killed.crash();

        pocketBase.restart();
        try (TrackerHarness restarted = TrackerHarness.immediate(pocketBase)) {
            restarted.flush();
            assertThat(paths(ada)).as("confirmed before the outage").containsExactly("/");
            assertThat(paths(bea)).isEmpty();
            assertThat(stored.sessions(bea)).isEmpty();
        }
    }

    @Test
    void whatWasAcceptedWhilePocketBaseWasDownSinceTheStartIsStoredOnceAfterAKill() throws Exception {
        String ada = newIp();
        String bea = newIp();
        String cyd = newIp();
        pocketBase.stop();
        TrackerHarness killed = TrackerHarness.spooling(pocketBase, spool("early"), false);
        String day = killed.clock().instant().atZone(ZoneOffset.UTC).toLocalDate().toString();
        acceptVisits(killed, ada, bea, cyd);
        assertThat(killed.core().website()).as("the website was never loaded").isEmpty();
        assertThat(killed.pipeline().delivery().accepted()).isEqualTo(ACCEPTED_IN_VISITS);
        killed.crash();

        pocketBase.restart();
        try (TrackerHarness restarted = TrackerHarness.spooling(pocketBase, copyOf("early"), true)) {
            restarted.flush();
            assertVisitsStoredOnce(day, ada, bea, cyd);
            assertThat(restarted.pipeline().delivery().accepted()).as("accepted again after the restart")
                    .isEqualTo(ACCEPTED_IN_VISITS);
        }
    }

    @Test
    void whatWasAcceptedBeforeTheWebsiteLoadedAndKilledAfterItIsStoredOnce() throws Exception {
        String ada = newIp();
        String bea = newIp();
        String cyd = newIp();
        pocketBase.stop();
        TrackerHarness killed = TrackerHarness.spooling(pocketBase, spool("handed-on"), false);
        String day = killed.clock().instant().atZone(ZoneOffset.UTC).toLocalDate().toString();
        acceptVisits(killed, ada, bea, cyd);
        pocketBase.restart();
        // handed on and spooled again under their ids, some records written; the summary gains not yet (every 5 s)
        await().atMost(Duration.ofSeconds(40)).until(() -> killed.core().status().ready());
        killed.crash();

        try (TrackerHarness restarted = TrackerHarness.spooling(pocketBase, copyOf("handed-on"), true)) {
            restarted.flush();
            assertVisitsStoredOnce(day, ada, bea, cyd);
        }
    }

    /** Page views of three visitors, a JS error, a server event and an identify call. */
    private static void acceptVisits(TrackerHarness tracker, String ada, String bea, String cyd) {
        assertThat(tracker.track(browser(ada), pageView("/").build())).isTrue();
        assertThat(tracker.track(browser(ada), pageView("/pricing").build())).isTrue();
        assertThat(tracker.track(browser(bea), pageView("/docs").build())).isTrue();
        assertThat(tracker.track(browser(bea), jsError("/docs", "TypeError: x is undefined"))).isTrue();
        assertThat(tracker.track(browser(cyd), pageView("/blog").build())).isTrue();
        assertThat(tracker.trackServerEvent(Optional.of(browser(cyd)), "signup", Map.of("plan", "pro"))).isTrue();
        assertThat(tracker.pipeline().identify(Optional.of(browser(ada)), "ada-account", Map.of())).isTrue();
    }

    /** What {@link #acceptVisits} accepted, each once, with exact daily figures. */
    private void assertVisitsStoredOnce(String day, String ada, String bea, String cyd) {
        assertThat(paths(ada)).containsExactlyInAnyOrder("/", "/pricing");
        assertThat(paths(bea)).containsExactly("/docs");
        assertThat(paths(cyd)).as("a server event is on its request's path")
                .containsExactlyInAnyOrder("/blog", "/api/event");
        for (String visitor : List.of(ada, bea, cyd)) {
            assertThat(stored.sessions(visitor)).as("sessions of one visitor").hasSize(1);
            assertThat(stored.visitors(visitor)).hasSize(1);
        }
        assertThat(stored.visitors(ada).get(0).getString("userId")).isEqualTo("ada-account");
        assertThat(stored.jsErrors()).singleElement()
                .satisfies(error -> assertThat(error.getInt("count")).isEqualTo(1));
        JsonObject summary = stored.summaryOf(day);
        assertThat(summary.getInt("pageViews")).isEqualTo(4);
        assertThat(summary.getInt("visitors")).isEqualTo(3);
        assertThat(summary.getInt("jsErrors")).isEqualTo(1);
        assertThat(PocketBaseView.breakdown(summary, "topPages")).isEqualTo(Map.of("/", 1L, "/pricing", 1L,
                "/docs", 1L, "/blog", 1L));
        assertThat(PocketBaseView.breakdown(summary, "entryPages")).isEqualTo(Map.of("/", 1L, "/docs", 1L,
                "/blog", 1L));
    }

    /**
     * The daily figures are counts added to: a kill after PocketBase saved a summary write, before the spool
     * heard of it, must not add that write's gains again after the restart.
     */
    @Test
    void aKillAfterPocketBaseSavedADailySummaryWriteCountsItsGainsOnceAndKeepsLaterOnes() throws Exception {
        String ada = newIp();
        String bea = newIp();
        String cyd = newIp();
        KilledAfterSaving store = new KilledAfterSaving();
        TrackerHarness killed = TrackerHarness.spooling(pocketBase, spool("summary"), store::around);
        String day = killed.clock().instant().atZone(ZoneOffset.UTC).toLocalDate().toString();
        assertThat(killed.track(browser(ada), pageView("/").build())).isTrue();
        killed.flush(); // the day's record is created
        assertThat(killed.track(browser(ada), pageView("/pricing").build())).isTrue();
        assertThat(killed.track(browser(bea), pageView("/").build())).isTrue();

        store.killAfterSaving("dash_sum");
        try (Flushing writing = new Flushing(killed, store)) {
            store.awaitSaved();
            // the write under way may be the 5-second one, which may have taken one page view's gains or both
            assertThat(stored.summaryOf(day).getInt("pageViews")).as("PocketBase saved the write").isBetween(2, 3);
            assertThat(killed.track(browser(cyd), pageView("/blog").build())).as("accepted after the write")
                    .isTrue();
            SpoolSettings copy = copyOf("summary");
            killed.crash();
            writing.release();

            try (TrackerHarness restarted = TrackerHarness.spooling(pocketBase, copy, true)) {
                restarted.flush();
                JsonObject summary = stored.summaryOf(day);
                assertThat(summary.getInt("pageViews")).isEqualTo(4);
                assertThat(summary.getInt("visitors")).isEqualTo(3);
                assertThat(PocketBaseView.breakdown(summary, "topPages")).isEqualTo(Map.of("/", 2L,
                        "/pricing", 1L, "/blog", 1L));
                assertThat(paths(cyd)).containsExactly("/blog");
            }
        }
    }

    /** As for the daily figures, for a JS error's count. */
    @Test
    void aKillAfterPocketBaseSavedAJsErrorCountCountsItsReportsOnceAndKeepsLaterOnes() throws Exception {
        String bea = newIp();
        KilledAfterSaving store = new KilledAfterSaving();
        TrackerHarness killed = TrackerHarness.spooling(pocketBase, spool("js-error"), store::around);
        String day = killed.clock().instant().atZone(ZoneOffset.UTC).toLocalDate().toString();
        JsonObject report = jsError("/docs", "TypeError: x is undefined");
        assertThat(killed.track(browser(bea), report)).isTrue();
        killed.flush(); // the error's record is created, with one report
        assertThat(killed.track(browser(bea), report)).isTrue();
        assertThat(killed.track(browser(bea), report)).isTrue();

        store.killAfterSaving("js_errors");
        try (Flushing writing = new Flushing(killed, store)) {
            store.awaitSaved();
            assertThat(stored.jsErrors()).as("PocketBase saved the write").singleElement()
                    .satisfies(error -> assertThat(error.getInt("count")).isEqualTo(3));
            assertThat(killed.track(browser(bea), report)).as("accepted after the write").isTrue();
            SpoolSettings copy = copyOf("js-error");
            killed.crash();
            writing.release();

            try (TrackerHarness restarted = TrackerHarness.spooling(pocketBase, copy, true)) {
                restarted.flush();
                assertThat(stored.jsErrors()).singleElement()
                        .satisfies(error -> assertThat(error.getInt("count")).isEqualTo(4));
                assertThat(stored.summaryOf(day).getInt("jsErrors")).isEqualTo(4);
            }
        }
    }

    /** A graceful stop during an outage keeps what was not written in the spool, counted as queued. */
    @Test
    void aGracefulStopDuringAnOutageCountsWhatTheSpoolKeepsAsQueuedAndTheRestartWritesIt() throws Exception {
        String ada = newIp();
        String bea = newIp();
        TrackerHarness stopped = TrackerHarness.spooling(pocketBase, spool("stopped"), true);
        assertThat(stopped.track(browser(ada), pageView("/").build())).isTrue();
        stopped.flush();
        pocketBase.stop();
        assertThat(stopped.track(browser(ada), pageView("/pricing").build())).isTrue();
        assertThat(stopped.track(browser(ada), jsError("/pricing", "TypeError: x is undefined"))).isTrue();
        assertThat(stopped.track(browser(bea), pageView("/").build())).isTrue();
        stopped.close();

        Delivery books = stopped.core().status().delivery();
        assertThat(books.queued()).as("kept in the spool for the next start").isEqualTo(3);
        assertThat(books.droppedAfterAcceptance()).isZero();
        assertThat(books.accepted()).isEqualTo(books.written() + books.droppedAfterAcceptance() + books.queued());

        pocketBase.restart();
        try (TrackerHarness restarted = TrackerHarness.spooling(pocketBase, spool("stopped"), true)) {
            restarted.flush();
            assertThat(paths(ada)).as("a JS error is a count, not an event").containsExactlyInAnyOrder("/",
                    "/pricing");
            assertThat(paths(bea)).containsExactly("/");
            assertThat(stored.jsErrors()).singleElement()
                    .satisfies(error -> assertThat(error.getInt("count")).isEqualTo(1));
        }
    }

    @Test
    void aTornLastEntryIsSkippedAndCountedAndEverythingBeforeItIsStored() throws Exception {
        String visitor = newIp();
        TrackerHarness killed = TrackerHarness.spooling(pocketBase, spool("torn"), true);
        pocketBase.stop();
        for (String path : List.of("/one", "/two", "/three")) {
            assertThat(killed.track(browser(visitor), pageView(path).build())).isTrue();
        }
        killed.crash();
        SpoolSettings copy = copyOf("torn");
        Path lastSegment = segments(copy.directory()).get(segments(copy.directory()).size() - 1);
        try (FileChannel segment = FileChannel.open(lastSegment, StandardOpenOption.WRITE)) {
            segment.truncate(segment.size() - 3); // the crash cut the last write short
        }

        pocketBase.restart();
        try (LogCapture log = LogCapture.ofLibrary();
             TrackerHarness restarted = TrackerHarness.spooling(pocketBase, copy, true)) {
            restarted.flush();
            assertThat(paths(visitor)).containsExactlyInAnyOrder("/one", "/two");
            assertThat(log.messages(Level.WARNING)).anySatisfy(message ->
                    assertThat(message).contains("1 torn or damaged tail"));
            assertThat(restarted.core().status().spoolDamagedTails()).as("in the readiness data and metrics")
                    .isEqualTo(1);
        }
    }

    @Test
    void pastItsDiskBudgetTheSpoolDropsAndCountsNewEventsWithoutBlockingAndKeepsTheOthers() throws Exception {
        SpoolSettings small = new SpoolSettings(temp.resolve("small"), Duration.ofSeconds(1), 16 * 1024);
        List<String> accepted;
        try (TrackerHarness tracker = TrackerHarness.spooling(pocketBase, small, true)) {
            pocketBase.stop();
            String visitor = newIp();
            accepted = Stream.iterate(0, i -> i + 1).limit(200).map(i -> "/page/" + i)
                    .filter(path -> tracker.track(browser(visitor), pageView(path).build())).toList();
            assertThat(accepted).hasSizeBetween(10, 199);
            assertThat(tracker.pipeline().delivery().dropped().get(DropReason.SPOOL_FULL))
                    .isEqualTo(200L - accepted.size());

            pocketBase.restart();
            tracker.flush();
            assertThat(paths(visitor)).containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(tracker.track(browser(visitor), pageView("/after").build()))
                    .as("confirmed entries leave the spool, and make room").isTrue();
        }
    }

    @Test
    void aSecondTrackerOnTheSameSpoolDirectoryIsRefusedAtStart() throws Exception {
        try (TrackerHarness first = TrackerHarness.spooling(pocketBase, spool("shared"), true)) {
            assertThatThrownBy(() -> TrackerHarness.spooling(pocketBase, spool("shared"), false))
                    .isInstanceOf(SpoolInUseException.class);
            assertThat(first.track(browser(newIp()), pageView("/").build())).isTrue();
        }
    }

    private SpoolSettings spool(String name) {
        return new SpoolSettings(temp.resolve(name), Duration.ofSeconds(1), 64 * MB);
    }

    /** The spool directory as a killed process left it, for the restarted one. */
    private SpoolSettings copyOf(String name) throws IOException {
        Path copy = temp.resolve(name + "-after-kill");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(temp.resolve(name))) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return spool(name + "-after-kill");
    }

    private static List<Path> segments(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".spool")).sorted().toList();
        }
    }

    private List<String> paths(String ip) {
        return stored.events(ip).stream().map(event -> event.getString("path")).toList();
    }

    /**
     * The fault no real PocketBase can show on cue: the tracker killed right after PocketBase saved a write, before
     * the spool heard of it. The write is let through; then the writer stops there, as a killed process would,
     * and every later request fails as one to a tracker that is gone.
     */
    private static final class KilledAfterSaving {
        private final CountDownLatch saved = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile String collection = "";

        RecordStore around(RecordStore real) {
            return new ForwardingStore(real) {
                @Override
                public List<JsonObject> find(String target, Filter filter, int max) {
                    return alive(() -> real.find(target, filter, max));
                }

                @Override
                public JsonObject create(String target, JsonObject record) {
                    return alive(() -> real.create(target, record));
                }

                @Override
                public JsonObject update(String target, String id, JsonObject changes) {
                    JsonObject updated = alive(() -> real.update(target, id, changes));
                    if (target.equals(collection)) {
                        saved.countDown();
                        awaitRelease();
                        throw killed();
                    }
                    return updated;
                }
            };
        }

        void killAfterSaving(String target) {
            collection = target;
        }

        void release() {
            released.countDown();
        }

        void awaitSaved() throws InterruptedException {
            assertThat(saved.await(30, TimeUnit.SECONDS)).as("PocketBase saved the write").isTrue();
        }

        private <T> T alive(Supplier<T> request) {
            if (saved.getCount() == 0) {
                throw killed();
            }
            return request.get();
        }

        private void awaitRelease() {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static PocketBaseException killed() {
            return new PocketBaseException(0, "the tracker was killed (simulated)");
        }
    }

    /** A flush of a tracker on a thread of its own, which a {@link KilledAfterSaving} store holds. */
    private static final class Flushing implements AutoCloseable {
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<?> flush;
        private final KilledAfterSaving store;

        Flushing(TrackerHarness tracker, KilledAfterSaving store) {
            this.flush = thread.submit(() -> tracker.pipeline().flush(Duration.ofSeconds(1)));
            this.store = store;
        }

        /** Lets the held flush go: it meets a tracker that is gone, and ends. */
        void release() throws Exception {
            store.release();
            flush.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            store.release();
            thread.shutdownNow();
        }
    }

    private static JsonObject jsError(String path, String message) {
        return Json.createObjectBuilder().add("type", "jsError").add("url", "https://example.com" + path)
                .add("errorMessage", message).add("stackTrace", "at main (app.js:1:1)\nat run (app.js:2:2)").build();
    }

}
