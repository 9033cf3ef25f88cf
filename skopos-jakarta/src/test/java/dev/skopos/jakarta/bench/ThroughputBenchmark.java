package dev.skopos.jakarta.bench;

import dev.skopos.jakarta.internal.cluster.SharedMap;
import dev.skopos.jakarta.testing.DashboardLayout;
import dev.skopos.jakarta.testing.HazelcastMembers;
import dev.skopos.jakarta.testing.PocketBaseAdmin;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Load driver for throughput: the same page views land in a fresh real PocketBase (the tests' version, 0.40.6 by
 * default) three ways, each after a warm-up ({@link WarmUp}), and the figures are printed side by side against
 * the first. The measured page views come from 500 visitors who each browse for the whole phase, every sending
 * thread's visitors taking turns page by page, as on a real site; the demo also takes them back to back, each
 * visitor's pages one after another.
 * <ol>
 *   <li>the floor, what PocketBase itself can take: creates of event-shaped records (session relation, type,
 *       path, eventData) over a few keep-alive connections, each visitor's session record created first,
 *       untimed;</li>
 *   <li>the demo application on Open Liberty, started by {@code server-config/demo.sh} with batching on: the
 *       page views POSTed to its {@code /api/event} as browsers behind a local reverse proxy send them; then,
 *       in the same Liberty, the same requests to an endpoint of the demo that reads them and tracks nothing
 *       ({@code /api/baseline}), for what the server itself costs per request; with PocketBase's batch writes
 *       on, as in the demo (also back to back), then off, as PocketBase ships;</li>
 *   <li>{@link ReferencePattern}, the reference SDK's request pattern re-created in this JVM.</li>
 * </ol>
 * An event counts once it is in PocketBase, and every one must land exactly once. The measured phase runs from
 * the first page view until the last event is in PocketBase; in it, requests come from PocketBase's request log
 * (all the writer made, the tracker's settings and summary reads included), printed by kind too, CPU time from
 * {@code /proc}, for the PocketBase process and for the JVM that writes (Liberty's, or this one's, which also
 * sends the traffic). Beside the landed rate, the rate the page views were sent at, which it trails by the
 * batch interval's wait for the last of them. Liberty's JVM records a Flight Recorder profile; the methods hot
 * during the measured phase are printed, and Liberty's CPU by thread kind (request threads, the tracker's
 * writers, the garbage collector, the JIT compiler) in the tracked and the untracked phase. Needs the demo WAR
 * built first: {@code mvn -q -DskipTests package}, then
 * {@code mvn -pl skopos-jakarta -Pbenchmark test -Dtest=ThroughputBenchmark}.
 */
@Tag("benchmark")
class ThroughputBenchmark {
    /**
     * Long enough that the batch interval's wait for the last events, up to a second, weighs little in the landed
     * rate: 5,000 page views, sent in 3 seconds, would spend a third of the phase on it.
     */
    private static final int PAGES_PER_VISITOR = 40;
    private static final String WARM_UP_SAID = "each after warm-up rounds of 3,000 page views until the JIT"
            + " compiler took under a tenth of the writer JVM's CPU in one (at most 10)";
    /** Every visitor browsing for the whole measured phase, as on a real site: each flush meets most sessions. */
    private static final Traffic MEASURED = new Traffic(0, 500, PAGES_PER_VISITOR).interleaved();
    /** The same page views, each visitor's back to back: most of a session's events meet in one flush. */
    private static final Traffic BACK_TO_BACK = new Traffic(0, 500, PAGES_PER_VISITOR);
    private static final int CLIENT_THREADS = 8;
    /** Rounds of the in-process lines, local then shared in a map, in {@link #sharedStateAgainstTheDefault()}. */
    private static final int ROUNDS = 4;
    private static final Duration BATCH_INTERVAL = Duration.ofSeconds(1);
    private static final List<Integer> SCALING_THREADS = List.of(8, 32, 128);
    /**
     * 500 visitors of 40 pages each, as above, and 50,000 of 2 pages each, both interleaved: each visitor's
     * second page comes after a page of every other visitor of its thread, with its session still live.
     */
    private static final List<Traffic> SCALING_VISITORS = List.of(MEASURED,
            new Traffic(0, 50_000, 2).interleaved());
    private static final int FLOOR_CONNECTIONS = Integer.getInteger("skopos.bench.floor-connections", 4);
    private static final String FLOOR_AGENT = "skopos-benchmark-floor";
    /** Every request not made by the test fixture itself, which marks its own with this agent. */
    private static final String NOT_THE_FIXTURE = "data.userAgent != 'skopos-tests'";
    /**
     * The demo's settings, batching every second, without the site's rate limit: on a quiet machine the driver
     * sends more than its default 1,000 events a second, half of them from addresses new to the site, which it
     * rightly takes for a flood; dropped events would fail the run.
     */
    private static final Map<String, String> LIBERTY_SETTINGS = Map.of(
            "SKOPOS_BATCH", "true",
            "SKOPOS_BATCH_INTERVAL", "1000",
            "SKOPOS_SITE_RATE_LIMIT", "0");
    /**
     * The same with room for 50,000 live sessions (over 1 KB of budget each) beside the queue, so that none ends
     * early for want of room.
     */
    private static final Map<String, String> SCALING_SETTINGS = Stream.concat(LIBERTY_SETTINGS.entrySet().stream(),
            Stream.of(Map.entry("SKOPOS_MEMORY_BUDGET", "256MB")))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    /**
     * The untracked endpoint's cost does not depend on who sends: of a larger traffic it takes the requests of
     * this many visitors, to keep the run short.
     */
    private static final int UNTRACKED_MOST_VISITORS = 10_000;
    private static final long THIS_JVM = ProcessHandle.current().pid();
    /**
     * The paths of the page views of the phase under way that the driver sent twice, the first time without an
     * answer ({@link BrowserPost}): the server may have taken both.
     */
    private static final Set<String> RESENT = ConcurrentHashMap.newKeySet();
    private static final Observer NOTHING = () -> () -> { };

    /** Something that watches the writer through the measured phase, such as a profiler; returns its stop. */
    private interface Observer {
        Runnable start();
    }

    /**
     * The figures of one writer's measured phase against PocketBase {@code pocketBaseVersion}: {@code seconds}
     * until the last event landed, {@code sendingSeconds} until the last page view was answered; {@code requests}
     * counts PocketBase's requests by kind; CPU in milliseconds per event of PocketBase, of the writer's JVM (also
     * by thread kind) and of this driver's.
     */
    private record Result(String writer, String pocketBaseVersion, WarmUp warmUp, int events, double seconds,
                          double sendingSeconds, Map<String, Long> requests, double pocketBaseCpuPerEvent,
                          double writerCpuPerEvent, Map<String, Double> writerCpuPerEventByThreadKind,
                          double driverCpuPerEvent) {
        static Result of(String writer, PocketBaseServer pocketBase, WarmUp warmUp, int events, Moment before,
                         long sent, Moment after, Map<String, Long> requests) {
            Map<String, Double> byThreadKind = new TreeMap<>();
            after.writerThreads().forEach((id, thread) -> {
                ProcessCpu.ThreadCpu atStart = before.writerThreads().get(id);
                byThreadKind.merge(thread.kind(), (thread.millis() - (atStart == null ? 0 : atStart.millis()))
                        / events, Double::sum);
            });
            double writerCpuPerEvent = (after.writerCpu() - before.writerCpu()) / events;
            // what is left of the process's time was spent by threads that ended, of the kinds they had
            String ended = before.writerThreads().entrySet().stream()
                    .filter(thread -> !after.writerThreads().containsKey(thread.getKey()))
                    .map(thread -> thread.getValue().kind()).distinct().sorted().collect(Collectors.joining(", "));
            byThreadKind.put(ended.isEmpty() ? "(no thread ended)" : "ended: " + ended, writerCpuPerEvent
                    - byThreadKind.values().stream().mapToDouble(Double::doubleValue).sum());
            return new Result(writer, pocketBase.version(), warmUp, events, (after.nanos() - before.nanos()) / 1e9,
                    (sent - before.nanos()) / 1e9, requests,
                    (after.pocketBaseCpu() - before.pocketBaseCpu()) / events, writerCpuPerEvent, byThreadKind,
                    (after.driverCpu() - before.driverCpu()) / events);
        }

        /** The writer JVM's JIT compiler threads' CPU per event. */
        double compilingPerEvent() {
            return writerCpuPerEventByThreadKind.entrySet().stream()
                    .filter(kind -> ProcessCpu.isCompiler(kind.getKey())).mapToDouble(Map.Entry::getValue).sum();
        }

        double requestsPerEvent() {
            return requests.values().stream().mapToLong(Long::longValue).sum() / (double) events;
        }

        double eventsPerSecond() {
            return events / seconds;
        }

        /** The writer JVM's CPU per event but for compiling, which stops once the code is warm. */
        double workingCpuPerEvent() {
            return writerCpuPerEvent - compilingPerEvent();
        }
    }

    @Test
    void landedEventsAgainstWhatPocketBaseCanTake() throws Exception {
        Path root = Path.of(System.getProperty("skopos.bench.root"));
        Path output = Files.createDirectories(root.resolve("skopos-jakarta/target/throughput"));
        Path recording = output.resolve("liberty.jfr");
        Files.deleteIfExists(recording);
        String loadBefore = LoadAverage.now();

        Result floor = floor();
        List<Result> liberty = liberty(root, true, MEASURED, recording, output.resolve("demo.log"));
        Result backToBack = liberty(root, true, BACK_TO_BACK, output.resolve("liberty-back-to-back.jfr"),
                output.resolve("demo-back-to-back.log")).get(0);
        Result oneByOne = liberty(root, false, MEASURED, output.resolve("liberty-one-by-one.jfr"),
                output.resolve("demo-one-by-one.log")).get(0);
        Result baseline = baseline();

        printMeasured(loadBefore, floor, "each sending thread's visitors taking turns page by page, unless said"
                + " back to back");
        List<Result> results = new ArrayList<>(List.of(floor));
        results.addAll(liberty);
        results.add(backToBack);
        results.add(oneByOne);
        results.add(baseline);
        print("floor", results);
        printRequests(results);
        Result demo = liberty.get(0);
        HotMethods profile = HotMethods.read(recording, "dev.skopos.");
        System.out.printf(Locale.ROOT, "JVM CPU: Liberty's for the demo and the untracked endpoint; for the others this"
                        + " driver's JVM, which also generates the traffic; JIT: its compiler threads' share.%n"
                        + "The tracker's share of Liberty's CPU but for compiling, per event: %.2f ms by difference"
                        + " (demo minus untracked endpoint); %.2f ms by the profile (%.1f %% of its samples have a"
                        + " tracker frame on the stack).%n%nLiberty JVM during the measured phase of the demo (%s):"
                        + "%n%s",
                demo.workingCpuPerEvent() - liberty.get(1).workingCpuPerEvent(),
                profile.packageShare() * demo.workingCpuPerEvent(), 100 * profile.packageShare(), recording,
                profile.report(15));
        printByThreadKind(demo, liberty.get(1));
        printMachineBound(demo, liberty.get(1));
    }

    /**
     * The machine's CPU per event, Liberty's, PocketBase's and this driver's, tracked and untracked; and the
     * landed rate's best ratio to the untracked rate were the tracker to cost Liberty nothing, with PocketBase
     * sharing these cores: its CPU per event then still comes on top of the untracked request's.
     */
    private static void printMachineBound(Result tracked, Result untracked) {
        double untrackedTotal = untracked.writerCpuPerEvent() + untracked.driverCpuPerEvent();
        double trackedTotal = tracked.writerCpuPerEvent() + tracked.pocketBaseCpuPerEvent()
                + tracked.driverCpuPerEvent();
        System.out.printf(Locale.ROOT, "%nThe machine's CPU per event, ms: tracked %.2f (Liberty %.2f, PocketBase"
                        + " %.2f, driver %.2f); untracked %.2f (Liberty %.2f, driver %.2f). Were the tracker to cost"
                        + " Liberty nothing, PocketBase's CPU alone would hold the landed rate to %.2f x the"
                        + " untracked rate on this machine.%n", trackedTotal, tracked.writerCpuPerEvent(),
                tracked.pocketBaseCpuPerEvent(), tracked.driverCpuPerEvent(), untrackedTotal,
                untracked.writerCpuPerEvent(), untracked.driverCpuPerEvent(),
                untrackedTotal / (untrackedTotal + tracked.pocketBaseCpuPerEvent()));
    }

    /**
     * Liberty's CPU per event of the demo and per request of the untracked endpoint by thread kind, the kinds that
     * take 0.005 ms or more in either: where the tracker's marginal cost is spent (its writer threads, the request
     * threads' extra work, the garbage collector's).
     */
    private static void printByThreadKind(Result tracked, Result untracked) {
        System.out.printf(Locale.ROOT, "%nLiberty's CPU by thread kind, ms per event:%n%-24s %8s %10s %11s%n",
                "threads", "tracked", "untracked", "difference");
        Set<String> kinds = new TreeSet<>(tracked.writerCpuPerEventByThreadKind().keySet());
        kinds.addAll(untracked.writerCpuPerEventByThreadKind().keySet());
        kinds.forEach(kind -> {
            double millis = tracked.writerCpuPerEventByThreadKind().getOrDefault(kind, 0.0);
            double untrackedMillis = untracked.writerCpuPerEventByThreadKind().getOrDefault(kind, 0.0);
            if (Math.max(Math.abs(millis), Math.abs(untrackedMillis)) >= 0.005) {
                System.out.printf(Locale.ROOT, "%-24s %8.3f %10.3f %11.3f%n", kind, millis, untrackedMillis,
                        millis - untrackedMillis);
            }
        });
    }

    /**
     * How the demo's cost grows with the work: each of 8, 32 and 128 client threads sends the page views of 500
     * visitors (40 each) and of 50,000 (2 each), every visitor browsing all along, to the demo on a fresh Open
     * Liberty and PocketBase with batches on (memory budget 256 MB, site rate limit off), then the same requests
     * (of the first 10,000 visitors at most) to the untracked endpoint of that Liberty. Prints for each the landed
     * events/s against the untracked requests/s, PocketBase's requests per event, and Liberty's CPU per tracked
     * event and per untracked request but for compiling; fails at the end if an event did not land exactly once.
     * About 20 minutes; needs the demo WAR built, as the first test does. Alone with
     * {@code -Dtest=ThroughputBenchmark#costAsClientThreadsAndVisitorsGrow}.
     */
    @Test
    void costAsClientThreadsAndVisitorsGrow() throws Exception {
        Path root = Path.of(System.getProperty("skopos.bench.root"));
        Path output = Files.createDirectories(root.resolve("skopos-jakarta/target/throughput/scaling"));
        System.out.printf(Locale.ROOT, "%nDemo on Open Liberty against PocketBase batches, by visitors and client"
                + " threads; %s; load average %s at the start%n", WARM_UP_SAID, LoadAverage.now());
        System.out.printf(Locale.ROOT, "%-16s %7s %7s %7s %9s %11s %6s %12s %12s %11s %13s %13s %11s %-14s %s%n",
                "visitors x pages", "threads", "warm-up", "events", "landed/s", "untracked/s", "ratio", "PB req/event",
                "PB CPU ms/ev", "JIT ms/ev", "Liberty ms/ev", "ms/untracked", "marginal ms", "by profile ms",
                "exactly once, load after");
        List<String> notOnce = new ArrayList<>();
        List<Result> tracked = new ArrayList<>();
        Map<String, HotMethods> profiles = new LinkedHashMap<>();
        for (Traffic measured : SCALING_VISITORS) {
            for (int threads : SCALING_THREADS) {
                String name = measured.visitors() + "-visitors-" + threads + "-threads";
                Path recording = output.resolve(name + ".jfr");
                try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
                    pocketBase.admin().setBatches(true, 50);
                    List<Result> results = liberty(root, pocketBase, true, new Run(SCALING_SETTINGS, threads,
                            measured, ", " + measured.visitors() + " visitors, " + threads + " threads"), recording,
                            output.resolve(name + ".log"));
                    HotMethods profile = HotMethods.read(recording, "dev.skopos.");
                    printScaling(measured, threads, results.get(0), results.get(1), profile.packageShare());
                    tracked.add(results.get(0));
                    profiles.put(name, profile);
                } catch (AssertionError e) {
                    notOnce.add(name + ": " + e.getMessage());
                    System.out.printf(Locale.ROOT, "%-16s %7d  not exactly once, load after %s%n",
                            measured.visitors() + " x " + measured.pagesPerVisitor(), threads, LoadAverage.now());
                }
            }
        }
        System.out.printf("Liberty ms: its CPU per tracked event, per untracked request, and the difference, JIT"
                + " compiling left out of each; by profile: the share of the tracked phase's samples with a tracker"
                + " frame on the stack, times Liberty ms/ev. Profiles in %s%n", output);
        printRequests(tracked);
        profiles.forEach((name, profile) -> System.out.printf("%nLiberty JVM, demo's measured phase, %s: %s", name,
                profile.report(12)));
        assertThat(notOnce).as("measurements in which an event did not land exactly once").isEmpty();
    }

    private static void printScaling(Traffic measured, int threads, Result tracked, Result untracked,
                                     double trackerShare) throws IOException {
        System.out.printf(Locale.ROOT, "%-16s %7d %7d %7d %9.0f %11.0f %6.3f %12.3f %12.2f %11.2f %13.2f %13.2f"
                        + " %11.2f %-14.2f yes, %s%n", measured.visitors() + " x " + measured.pagesPerVisitor(),
                threads,
                tracked.warmUp().events(), tracked.events(), tracked.eventsPerSecond(), untracked.eventsPerSecond(),
                tracked.eventsPerSecond() / untracked.eventsPerSecond(), tracked.requestsPerEvent(),
                tracked.pocketBaseCpuPerEvent(), tracked.compilingPerEvent(), tracked.workingCpuPerEvent(),
                untracked.workingCpuPerEvent(), tracked.workingCpuPerEvent() - untracked.workingCpuPerEvent(),
                trackerShare * tracked.workingCpuPerEvent(), LoadAverage.now());
    }

    /**
     * The tracker in this JVM, batching as the demo does, with its state in memory (the default), then shared in
     * an {@link InProcessSharedMap} (the sharing code's own cost without an engine: what one implementation of the
     * stateful parts, over an in-process map by default, would cost an instance alone), then in the JCache of two
     * Hazelcast members clustered in this JVM over loopback, the tracker on member 0 (about half the visitors'
     * entries on the other member, as with two servers): what the shared state costs end to end, the writer's
     * calls to the engine included. The first two alternate for {@value #ROUNDS} rounds, since the JVM still
     * compiles during the first ones. The collections are those of dashboards up to 0.37, so the daily summaries,
     * the third stateful part, are kept and written too. The JVM's CPU includes the sending threads' and, shared,
     * the second member's, which a second server would bring on its own cores. Needs no demo WAR: alone with
     * {@code -Dtest=ThroughputBenchmark#sharedStateAgainstTheDefault}.
     */
    @Test
    void sharedStateAgainstTheDefault() throws Exception {
        String loadBefore = LoadAverage.now();
        List<Result> results = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            results.add(inProcess("state local, round " + round, Optional.empty()));
            results.add(inProcess("state shared in a map of this JVM, round " + round,
                    Optional.of(new InProcessSharedMap())));
        }
        CountingSharedMap engineCalls;
        try (HazelcastMembers engine = new HazelcastMembers(2)) {
            engineCalls = new CountingSharedMap(engine.map(0));
            results.add(inProcess("state shared on 2 Hazelcast members", Optional.of(engineCalls)));
        }
        printMeasured(loadBefore, results.get(0), "back to back, in this JVM, batch 1 s/100");
        print("local 1", results);
        Result hazelcast = results.get(results.size() - 1);
        System.out.printf("Shared map calls per event, warm-up included, until the tracker closed: %s%n",
                engineCalls.perEvent(hazelcast.warmUp().events() + hazelcast.events()));
        assertThat(engineCalls.failures()).as("calls to the shared state that failed").isZero();
    }

    private static Result inProcess(String writer, Optional<SharedMap> shared) throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38);
             TrackerHarness tracker = shared.map(map -> TrackerHarness.batching(pocketBase, BATCH_INTERVAL, 100, map))
                     .orElseGet(() -> TrackerHarness.batching(pocketBase, BATCH_INTERVAL, 100))) {
            return inProcess(writer, pocketBase, tracker);
        }
    }

    /** The tracker in this JVM, each visitor's pages back to back, as the shared state's figures were taken. */
    private static Result inProcess(String writer, PocketBaseServer pocketBase, TrackerHarness tracker)
            throws Exception {
        return measure(writer, pocketBase, THIS_JVM, NOTHING, CLIENT_THREADS, NOT_THE_FIXTURE, BACK_TO_BACK,
                (visitor, page) -> tracker.track(TrackerHarness.browser(address(visitor)), Json.createObjectBuilder()
                        .add("type", "pageView").add("url", "https://example.com" + path(visitor, page)).build()));
    }

    private static void printMeasured(String loadBefore, Result first, String order) throws IOException {
        System.out.printf(Locale.ROOT, "%n%d page views measured (%d visitors x %d, %s), %s (its share in the last"
                        + " round below), on PocketBase %s; load average %s before, %s after%n", MEASURED.events(),
                MEASURED.visitors(), PAGES_PER_VISITOR, order, WARM_UP_SAID, first.pocketBaseVersion(), loadBefore,
                LoadAverage.now());
    }

    /** The figures of {@code results} side by side, landed events also as a multiple of the first's. */
    private static void print(String first, List<Result> results) {
        System.out.printf(Locale.ROOT, "%-58s %8s %13s %8s %9s %8s %9s %14s %12s %13s %14s%n", "writer",
                "warm-up", "its last JIT", "events", "landed/s", "x " + first, "sent/s", "PB req/event",
                "PB CPU ms/ev", "JVM CPU ms/ev", "of it JIT ms/ev");
        for (Result result : results) {
            System.out.printf(Locale.ROOT,
                    "%-58s %8d %12.0f%% %8d %9.0f %8.3f %9.0f %14.3f %12.2f %13.2f %14.2f%n", result.writer(),
                    result.warmUp().events(), 100 * result.warmUp().lastRoundCompilerShare(), result.events(),
                    result.eventsPerSecond(), result.eventsPerSecond() / results.get(0).eventsPerSecond(),
                    result.events() / result.sendingSeconds(), result.requestsPerEvent(),
                    result.pocketBaseCpuPerEvent(), result.writerCpuPerEvent(), result.compilingPerEvent());
        }
    }

    /** PocketBase's requests of each writer by kind, from its request log. */
    private static void printRequests(List<Result> results) {
        System.out.printf("%nPocketBase requests by kind in each measured phase:%n");
        for (Result result : results) {
            System.out.printf("%s:%n", result.writer());
            result.requests().forEach((kind, count) -> System.out.printf(Locale.ROOT, "  %6d  %s%n", count, kind));
        }
    }

    private Result floor() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            PocketBaseAdmin client = pocketBase.admin().withUserAgent(FLOOR_AGENT);
            Map<Integer, String> sessions = new ConcurrentHashMap<>();
            Function<Integer, String> newSession = visitor -> client.create("sessions", Json.createObjectBuilder()
                    .add("website", pocketBase.websiteId()).add("entryPath", path(visitor, 0))
                    .add("device", "desktop").build()).getString("id");
            // the measured visitors' before the phase; the warm-up's as they come
            new Traffic(0, MEASURED.endVisitor(), 1).send(FLOOR_CONNECTIONS,
                    (visitor, page) -> sessions.put(visitor, newSession.apply(visitor)));
            return measure("(a) floor: event creates, " + FLOOR_CONNECTIONS + " keep-alive connections",
                    pocketBase, THIS_JVM, NOTHING, FLOOR_CONNECTIONS, "data.userAgent = '" + FLOOR_AGENT + "'",
                    MEASURED, (visitor, page) -> client.create("events", Json.createObjectBuilder()
                            .add("session", sessions.computeIfAbsent(visitor, newSession)).add("type", "pageView")
                            .add("path", path(visitor, page))
                            .add("eventData", Json.createObjectBuilder().add("page", page)).build()));
        }
    }

    /**
     * (b) the demo, then (d) the same requests to its untracked endpoint in the same Liberty, warmer by then:
     * if anything, the server's own share comes out low and the tracker's high. PocketBase takes batch writes
     * ({@code batches}), as in the demo, or, as it does until its owner turns them on, one write per request.
     */
    private List<Result> liberty(Path root, boolean batches, Traffic measured, Path recording, Path demoOutput)
            throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            pocketBase.admin().setBatches(batches, 50);
            return liberty(root, pocketBase, batches, new Run(LIBERTY_SETTINGS, CLIENT_THREADS, measured, ""),
                    recording,
                    demoOutput);
        }
    }

    /**
     * What one measurement through Liberty sends: the demo's settings, and the traffic from how many threads;
     * {@code label} ends the writer's name.
     */
    private record Run(Map<String, String> settings, int threads, Traffic measured, String label) {
    }

    private List<Result> liberty(Path root, PocketBaseServer pocketBase, boolean batches, Run run, Path recording,
                                 Path demoOutput) throws Exception {
        Traffic measured = run.measured();
        try (LibertyDemo demo = LibertyDemo.start(root, pocketBase, run.settings(), demoOutput)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Result tracked = measure("(b) skopos-jakarta, demo on Open Liberty, batch 1 s/100, "
                            + (batches ? "PocketBase batches" : "one write per request")
                            + (measured.isInterleaved() ? "" : ", back to back") + run.label(), pocketBase,
                    demo.pid(), () -> FlightRecording.start(demo.pid(), recording)::close, run.threads(),
                    NOT_THE_FIXTURE, measured,
                    (visitor, page) -> postPageView(http, demo.eventEndpoint(), visitor, page));
            // profiled too, so that the profiler's own cost is in both figures
            Path untrackedRecording = recording.resolveSibling("liberty-untracked.jfr");
            return List.of(tracked, untracked(demo, pocketBase,
                    () -> FlightRecording.start(demo.pid(), untrackedRecording)::close, run.threads(),
                    measured.firstVisitors(UNTRACKED_MOST_VISITORS),
                    (visitor, page) -> postPageView(http, demo.baselineEndpoint(), visitor, page)));
        }
    }

    /** Liberty's CPU per request of the same traffic to an endpoint that reads it and tracks nothing. */
    private static Result untracked(LibertyDemo demo, PocketBaseServer pocketBase, Observer observer, int threads,
                                    Traffic measured, Traffic.PageView pageView) throws Exception {
        WarmUp warmUp = WarmUp.run(threads, pageView, demo.pid(), sent -> { });
        Moment before;
        Moment after;
        Runnable stopObserving = observer.start();
        try {
            before = Moment.now(pocketBase.pid(), demo.pid());
            measured.send(threads, pageView);
            after = Moment.now(pocketBase.pid(), demo.pid());
        } finally {
            stopObserving.run();
        }
        return Result.of("(d) the same requests, untracked endpoint on the same Liberty", pocketBase, warmUp,
                measured.events(), before, after.nanos(), after, Map.of());
    }

    /**
     * POSTs a page view as a browser behind a local proxy does; a duplicate would fail the exactly-once check,
     * unless the driver itself sent the page view twice ({@link #RESENT}).
     */
    private static void postPageView(HttpClient http, URI endpoint, int visitor, int page) throws Exception {
        BrowserPost.Answer answer = BrowserPost.send(http, endpoint, address(visitor), TrackerHarness.CHROME,
                "{\"type\":\"pageView\",\"url\":\"https://example.com" + path(visitor, page) + "\"}");
        if (answer.resent()) {
            RESENT.add(path(visitor, page));
        }
        if (answer.status() != 204) {
            throw new IllegalStateException(endpoint + " answered " + answer.status());
        }
    }

    private Result baseline() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            ReferencePattern referencePattern = new ReferencePattern(pocketBase);
            return measure("(c) reference request pattern re-created, in-process", pocketBase, THIS_JVM, NOTHING,
                    CLIENT_THREADS, "data.userAgent = '" + ReferencePattern.AGENT + "'", MEASURED,
                    (visitor, page) -> referencePattern.receive(visitor, path(visitor, page)));
        }
    }

    /**
     * Warms up, waits until the writer has fallen quiet, then measures from the first page view until the last
     * event is in PocketBase; checks every event landed exactly once.
     */
    private static Result measure(String writer, PocketBaseServer pocketBase, long writerPid, Observer observer,
                                  int threads, String writerRequests, Traffic measured, Traffic.PageView pageView)
            throws Exception {
        PocketBaseAdmin admin = pocketBase.admin();
        RESENT.clear();
        WarmUp warmUp = WarmUp.run(threads, pageView, writerPid, sent -> awaitEvents(admin, sent));
        admin.awaitRequestLogCaughtUp(); // a few seconds, in which the writer finishes what the warm-up left

        Moment before;
        long sent;
        Moment after;
        Runnable stopObserving = observer.start();
        try {
            before = Moment.now(pocketBase.pid(), writerPid);
            measured.send(threads, pageView);
            sent = System.nanoTime();
            awaitEvents(admin, warmUp.events() + measured.events());
            after = Moment.now(pocketBase.pid(), writerPid);
        } finally {
            stopObserving.run();
        }

        Map<String, Long> requests = RequestLog.byKind(admin, writerRequests + " && "
                + RequestLog.between(before.wallClock(), after.wallClock()));
        assertEveryPageViewLandedOnce(admin, warmUp, measured);
        return Result.of(writer, pocketBase, warmUp, measured.events(), before, sent, after, requests);
    }

    /** Where the clocks stood at a point of the measured phase, CPU times in milliseconds. */
    private record Moment(Instant wallClock, long nanos, double pocketBaseCpu, double writerCpu,
                          Map<String, ProcessCpu.ThreadCpu> writerThreads, double driverCpu) {
        static Moment now(long pocketBasePid, long writerPid) {
            return new Moment(Instant.now(), System.nanoTime(), ProcessCpu.millis(pocketBasePid),
                    ProcessCpu.millis(writerPid), ProcessCpu.millisByThread(writerPid), ProcessCpu.millis(THIS_JVM));
        }
    }

    private static void awaitEvents(PocketBaseAdmin admin, int count) {
        // 3 minutes, longer once a writer that lands 200 events a second would need more
        await().atMost(Duration.ofSeconds(Math.max(180, count / 200))).pollInterval(Duration.ofMillis(100))
                .until(() -> admin.count("events"), landed -> landed >= count);
    }

    /** Checks that the page views of the warm-up and of {@code measured} are all in PocketBase, each once. */
    private static void assertEveryPageViewLandedOnce(PocketBaseAdmin admin, WarmUp warmUp, Traffic measured) {
        List<String> expected = new ArrayList<>();
        for (Traffic traffic : Stream.concat(warmUp.rounds().stream(), Stream.of(measured)).toList()) {
            for (int visitor = traffic.firstVisitor(); visitor < traffic.endVisitor(); visitor++) {
                for (int page = 0; page < traffic.pagesPerVisitor(); page++) {
                    expected.add(path(visitor, page));
                }
            }
        }
        List<String> landed = new ArrayList<>(admin.listAll("events").stream()
                .map(event -> event.getString("path")).toList());
        // a page view the driver sent twice, the first time without an answer, may rightly have landed twice
        List<String> landedTwice = RESENT.stream()
                .filter(path -> landed.stream().filter(path::equals).count() == 2).toList();
        landedTwice.forEach(landed::remove);
        if (!RESENT.isEmpty()) {
            System.out.printf("%d page views sent twice, the first time without an answer: %d of them landed twice%n",
                    RESENT.size(), landedTwice.size());
        }
        assertThat(landed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    private static String path(int visitor, int page) {
        return "/v" + visitor + "/p" + page;
    }

    /** A client address of its own for every visitor. */
    private static String address(int visitor) {
        return "10.1." + (visitor / 250) + "." + (visitor % 250 + 1);
    }

}
