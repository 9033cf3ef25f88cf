package dev.skopos.jakarta.bench;

import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.cluster.SharedMap;
import dev.skopos.jakarta.internal.spool.SpoolSettings;
import dev.skopos.jakarta.testing.HazelcastMembers;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code trackApiEvent} costs the request thread until it returns, per call, measured with JMH (sampled
 * call times, so percentiles) against baselines in the same run:
 * <ul>
 *   <li>{@code nextVisit}: the benchmark's own work, drawing the next visitor and building its
 *       {@link RequestInfo} as the endpoint does; every other figure includes it;</li>
 *   <li>{@code parsePayload}: that, and parsing the event's JSON text, which the endpoint does before it calls
 *       the tracker: the cost the endpoint pays anyway, for scale; {@code parsePayloadWithProviderLookup} parses
 *       through {@code Json.createReader}, which looks the JSON provider up for every body, as the tracker did
 *       before it kept one provider;</li>
 *   <li>{@code nextVisitThenCpuWork}: the benchmark's own work, then pure CPU work, tuned in the same run to make
 *       the call as long as the tracker's median one (the tracker's trials run first): how often this machine
 *       stretches any call of that length (preemption by other threads and processes, safepoints, interrupts),
 *       which sets the tail percentiles of every line; each tracker line's p99 is printed against its p99;
 *       {@code nextVisitThenCpuWorkBesideBusyWriter}, the same while the writer of another tracker, fed before
 *       the trial, and its PocketBase take the two cores as the tracker's own do while it is measured with
 *       PocketBase running: the tail this machine gives a call of that length then (PocketBase's share of a core
 *       is printed for each iteration of both);</li>
 *   <li>{@code trackApiEvent}: that visit handed to the tracker, the payload already parsed.</li>
 * </ul>
 * Traffic: {@link VisitorTraffic}, 30% of calls from new visitors (a new visitor id, session and cache entries),
 * the rest from the 10,000 latest visitors, one event in ten a custom event with data, on one thread.
 *
 * <p>The tracker is the plain-Java one of the tests, on a real PocketBase, batching with a one-hour interval
 * and batches larger than the run, so the queue is not written during the measurement; only the session
 * records go out, a second after their events, as in production. The writer still runs on the same two cores,
 * so the tracker is measured twice: with PocketBase running (the writer and PocketBase take CPU from the
 * caller, as they would in production) and with PocketBase stopped after start-up (the writer backs off and
 * idles: the enqueue path alone). The queue grows by every accepted call, a few hundred thousand over a
 * trial; a full memory budget would turn calls into cheap refusals and flatter the figures, so the budget is
 * 3 GB in a 4 GB heap, and every iteration fails the run if the tracker dropped anything, for any reason.
 * What each iteration left in the tracker is printed after the figures.
 *
 * <p>Each of those two runs with the in-memory state of one instance (the default, {@code local}), and with
 * the state shared between instances ({@code skopos.shared-state=jcache}) three ways, each adding a part of its
 * cost: in a {@link InProcessSharedMap} of this JVM ({@code map}: the tracker's own work for sharing, no
 * engine); in the JCache cache of one Hazelcast member in this JVM ({@code hazelcast-1}: every entry held where
 * the tracker runs, the engine's work without a network); and of two members clustered over loopback
 * ({@code hazelcast-2}, the tracker on member 0: as with two servers, about half the visitors' entries live on
 * the other member, and the cache keeps a backup of each entry on the member that does not own it). Every call
 * to the shared map is counted, per operation, and printed per accepted event with each iteration; a failed
 * call (after which the tracker goes on with state of its own, more cheaply) fails the run. The other member
 * runs on the same two cores, where a second server would bring its own.
 *
 * <p>{@code local-spool} is the in-memory state with the durable spool on ({@code skopos.spool-directory}, in a
 * temporary directory, synced every second by default): what appending each accepted event to the journal adds
 * to the call, against {@code local} in the same run.
 *
 * <p>Run with {@code mvn -pl skopos-jakarta -Pbenchmark test -Dtest=EnqueueLatencyBenchmark}
 * ({@code -Dskopos.bench.states=local} for the in-memory state alone); not part of the normal build.
 */
@Tag("benchmark")
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnqueueLatencyBenchmark {
    private static final long MEMORY_BUDGET = 3L * 1024 * 1024 * 1024;
    private static final String ENGINE = "shared state: ";
    /**
     * A heap of fixed size for the forked JVM, given with the run's options: JMH takes the options' JVM arguments
     * instead of those of {@code @Fork}, not besides them.
     */
    private static final List<String> HEAP = List.of("-Xms4g", "-Xmx4g");
    /** The tracker trial whose median call the CPU work is tuned to, when it runs: the default state, in use. */
    private static final String TUNED_TO = "trackApiEvent (local, PocketBase running)";
    /** Limits the run to some of the states, e.g. {@code -Dskopos.bench.states=local}. */
    private static final String STATES_PROPERTY = "skopos.bench.states";
    /** The spool's defaults: a sync every second, and disk enough for every event of a trial. */
    private static final Duration SPOOL_SYNC_INTERVAL = Duration.ofSeconds(1);
    private static final long SPOOL_MAX_BYTES = 8L * 1024 * 1024 * 1024;
    /**
     * nextVisit, nextVisitThenCpuWork, nextVisitThenCpuWorkBesideBusyWriter, parsePayload and
     * parsePayloadWithProviderLookup: one trial each.
     */
    private static final int BASELINES = 5;
    private static final List<String> STATES = List.of("local", "local-spool", "map", "hazelcast-1", "hazelcast-2");

    /**
     * Each benchmark thread's own stream of visits. It also counts what the benchmark thread allocates per call
     * in each measurement iteration: JMH's GC profiler counts every thread's allocations (the writer's, and
     * JMH's own in sampling mode) against the calls, which overstates what a call leaves to collect; and the CPU
     * time it takes per call, JMH's sampling included, which waiting for a core leaves out.
     */
    @State(Scope.Thread)
    public static class Traffic {
        final VisitorTraffic visits = new VisitorTraffic(15, 0.3, 10_000);
        final JsonReaderFactory readers = Json.createReaderFactory(Map.of());
        private long calls;
        private long allocatedBefore;
        private long cpuBefore;

        VisitorTraffic.Visit next() {
            calls++;
            return visits.next();
        }

        @Setup(Level.Iteration)
        public void startCounting() {
            calls = 0;
            allocatedBefore = ForkedBenchmarks.allocatedByThisThread();
            cpuBefore = ForkedBenchmarks.cpuOfThisThread();
        }

        @TearDown(Level.Iteration)
        public void reportCounts(BenchmarkParams benchmark, IterationParams iteration) throws IOException {
            if (iteration.getType() == IterationType.MEASUREMENT) {
                long cpu = ForkedBenchmarks.cpuOfThisThread() - cpuBefore;
                ForkedBenchmarks.reportAllocation(nameOf(benchmark),
                        ForkedBenchmarks.allocatedByThisThread() - allocatedBefore, calls);
                ForkedBenchmarks.reportCpu(nameOf(benchmark), cpu, calls);
            }
        }
    }

    /** How much CPU work {@code nextVisitThenCpuWork} does: the test sets it from the tracker's median call. */
    @State(Scope.Benchmark)
    public static class CpuWork {
        /** JMH's units of CPU work, a nanosecond or two each. */
        @Param("3000")
        public long tokens;
    }

    /**
     * The tracker's writer and PocketBase as busy as while the tracker is measured with PocketBase running, with no
     * tracker call on the measured thread: a tracker fed from this thread for {@link #FEEDING} before the trial,
     * whose writer then writes the sessions of those calls' new visitors, hundreds of thousands, all through it.
     * The pure computation beside it shows the tail this machine gives any call while they take the two cores.
     */
    @State(Scope.Benchmark)
    public static class BusyWriter {
        private static final Duration FEEDING = Duration.ofSeconds(3);
        private PocketBaseServer server;
        private TrackerHarness harness;
        private final PocketBaseLoad load = new PocketBaseLoad();

        @Setup(Level.Trial)
        public void start() {
            server = PocketBaseServer.start();
            harness = TrackerHarness.batching(server, Duration.ofHours(1), Integer.MAX_VALUE, MEMORY_BUDGET,
                    Optional.empty());
            VisitorTraffic visits = new VisitorTraffic(16, 0.3, 10_000);
            long feedingEnds = System.nanoTime() + FEEDING.toNanos();
            while (System.nanoTime() < feedingEnds) {
                VisitorTraffic.Visit visit = visits.next();
                harness.pipeline().trackBrowserEvent(visit.request(), visit.payload());
            }
            load.start(server);
        }

        @TearDown(Level.Iteration)
        public void reportLoad() throws IOException {
            report("busy writer, PocketBase " + load.sinceLast(server));
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            server.stop();
            harness.close();
            server.close();
        }
    }

    /** PocketBase's share of a core since it was last asked: how busy the writer keeps it. */
    static final class PocketBaseLoad {
        private double cpuMillis;
        private long nanos;

        void start(PocketBaseServer server) {
            cpuMillis = ProcessCpu.millis(server.pid());
            nanos = System.nanoTime();
        }

        String sinceLast(PocketBaseServer server) {
            double cpuBefore = cpuMillis;
            long nanosBefore = nanos;
            start(server);
            return String.format(Locale.ROOT, "took %.0f %% of a core", 100 * (cpuMillis - cpuBefore) * 1e6
                    / (nanos - nanosBefore));
        }
    }

    /** The tracker under test, on a PocketBase of its own, with the accounting that keeps the figures honest. */
    @State(Scope.Benchmark)
    public static class Tracker {
        @Param({"running", "stopped"})
        public String pocketBase;

        /** Where the tracker keeps its state: in memory (the default), or shared in one of three maps. */
        @Param({"local", "local-spool", "map", "hazelcast-1", "hazelcast-2"})
        public String state;

        private PocketBaseServer server;
        private HazelcastMembers engine;
        private CountingSharedMap engineCalls;
        private TrackerHarness harness;
        private int iteration;
        private long acceptedBefore;
        private Map<CountingSharedMap.Operation, Long> callsBefore;
        private Path spoolDirectory;
        private final PocketBaseLoad load = new PocketBaseLoad();

        @Setup(Level.Trial)
        public void start() throws IOException {
            server = PocketBaseServer.start();
            SharedMap shared = switch (state) {
                case "local", "local-spool" -> null;
                case "map" -> new InProcessSharedMap();
                case "hazelcast-1" -> onMembers(1);
                case "hazelcast-2" -> onMembers(2);
                default -> throw new IllegalArgumentException("no such state: " + state);
            };
            if (shared != null) {
                engineCalls = new CountingSharedMap(shared);
                callsBefore = engineCalls.calls();
            }
            if (state.equals("local-spool")) {
                spoolDirectory = Files.createTempDirectory("skopos-spool-benchmark");
                harness = TrackerHarness.batchingSpooled(server, Duration.ofHours(1), Integer.MAX_VALUE,
                        MEMORY_BUDGET, new SpoolSettings(spoolDirectory, SPOOL_SYNC_INTERVAL, SPOOL_MAX_BYTES));
            } else {
                harness = TrackerHarness.batching(server, Duration.ofHours(1), Integer.MAX_VALUE, MEMORY_BUDGET,
                        Optional.<SharedMap>ofNullable(engineCalls));
            }
            if (pocketBase.equals("stopped")) {
                server.stop();
            } else {
                load.start(server);
            }
        }

        private SharedMap onMembers(int count) {
            engine = new HazelcastMembers(count);
            return engine.map(0);
        }

        /**
         * Fails the run as soon as anything was refused, or a call to the shared state failed: either is cheaper
         * than the work it skips.
         */
        @TearDown(Level.Iteration)
        public void checkNothingDropped() throws IOException {
            Delivery delivery = harness.core().status().delivery();
            long dropped = delivery.dropped().values().stream().mapToLong(Long::longValue).sum();
            report(String.format(Locale.ROOT, "pocketbase %-8s %-11s iteration %2d: %,10d accepted, %,9d queued, "
                            + "%,d dropped, heap %,5d MB%s%s", pocketBase, state, ++iteration,
                    delivery.accepted(), delivery.queued(), dropped,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20,
                    pocketBase.equals("running") ? ", PocketBase " + load.sinceLast(server) : "",
                    engineCalls == null ? "" : "; shared map calls per accepted event: "
                            + engineCalls.perEvent(callsBefore, delivery.accepted() - acceptedBefore)
                            + ", " + engineCalls.failures() + " failed"));
            acceptedBefore = delivery.accepted();
            if (dropped > 0) {
                throw new IllegalStateException("the tracker dropped events " + delivery.dropped()
                        + ": the figures would include cheap refusals");
            }
            if (engineCalls != null) {
                callsBefore = engineCalls.calls();
                if (engineCalls.failures() > 0) {
                    throw new IllegalStateException(engineCalls.failures() + " calls to the shared state failed:"
                            + " the figures would include the cheaper state of one instance");
                }
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException, IOException {
            // nothing of the queue needs to land: stop PocketBase first so the drain gives up at once
            server.stop();
            if (engine != null) {
                report(ENGINE + engine.layout(0));
            }
            harness.close();
            if (engine != null) {
                engine.close();
            }
            server.close();
            if (spoolDirectory != null) {
                report(String.format(Locale.ROOT, "spool: %,d MB on disk", sizeOf(spoolDirectory) >> 20));
                deleteTree(spoolDirectory);
            }
        }
    }

    @Benchmark
    public RequestInfo nextVisit(Traffic traffic) {
        return traffic.next().request();
    }

    @Benchmark
    public JsonObject parsePayload(Traffic traffic) {
        VisitorTraffic.Visit visit = traffic.next();
        try (JsonReader reader = traffic.readers.createReader(new StringReader(visit.payloadText()))) {
            return reader.readObject();
        }
    }

    /** Through {@code Json.createReader}, which looks the JSON provider up on every call. */
    @Benchmark
    public JsonObject parsePayloadWithProviderLookup(Traffic traffic) {
        VisitorTraffic.Visit visit = traffic.next();
        try (JsonReader reader = Json.createReader(new StringReader(visit.payloadText()))) {
            return reader.readObject();
        }
    }

    /**
     * Baseline: the benchmark's own work and then CPU work alone, as long in all as the tracker's median call,
     * touching no memory: the tail this machine gives any call that long.
     */
    @Benchmark
    public RequestInfo nextVisitThenCpuWork(Traffic traffic, CpuWork work) {
        RequestInfo request = traffic.next().request();
        Blackhole.consumeCPU(work.tokens);
        return request;
    }

    /** The same, while the tracker's writer and PocketBase take the cores as they do when the tracker is measured. */
    @Benchmark
    public RequestInfo nextVisitThenCpuWorkBesideBusyWriter(Traffic traffic, CpuWork work, BusyWriter busy) {
        return nextVisitThenCpuWork(traffic, work);
    }

    @Benchmark
    public boolean trackApiEvent(Traffic traffic, Tracker tracker) {
        VisitorTraffic.Visit visit = traffic.next();
        return tracker.harness.pipeline().trackBrowserEvent(visit.request(), visit.payload());
    }

    private static long sizeOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static void report(String line) throws IOException {
        ForkedBenchmarks.report(line);
    }

    /** The run's options for the benchmarks named, which it passes to the forked JVM with {@code report}. */
    private static ChainedOptionsBuilder options(Path report, List<String> states, String... benchmarks) {
        return new OptionsBuilder()
                .include(EnqueueLatencyBenchmark.class.getName() + "\\.(" + String.join("|", benchmarks) + ")$")
                .param("state", states.toArray(String[]::new))
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true)
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend(Stream.concat(HEAP.stream(), Stream.of(ForkedBenchmarks.withPocketBase(report)))
                        .toArray(String[]::new));
    }

    private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
        return new Runner(options.build()).run();
    }

    private static Optional<RunResult> named(List<RunResult> results, String name) {
        return results.stream().filter(result -> nameOf(result.getParams()).equals(name)).findFirst();
    }

    private static double median(RunResult result) {
        return result.getPrimaryResult().getStatistics().getPercentile(50);
    }

    /**
     * What one token of {@link Blackhole#consumeCPU} takes here, in nanoseconds: the quickest of many timings,
     * once compiled, so the least a machine busy with other work lets it take.
     */
    private static double nanosPerCpuToken() {
        long tokens = 1_000_000;
        long quickest = Long.MAX_VALUE;
        for (int i = 0; i < 200; i++) {
            long started = System.nanoTime();
            Blackhole.consumeCPU(tokens);
            quickest = Math.min(quickest, System.nanoTime() - started);
        }
        return (double) quickest / tokens;
    }

    private static String nameOf(BenchmarkParams benchmark) {
        String pocketBase = benchmark.getParam("pocketBase");
        return benchmark.getBenchmark().replaceFirst(".*\\.", "")
                + (pocketBase == null ? "" : " (" + benchmark.getParam("state") + ", PocketBase " + pocketBase + ")");
    }

    @Test
    void compareTheEnqueuePathWithItsBaselines() throws Exception {
        Path report = Files.createTempFile("enqueue-benchmark", ".txt");
        List<String> states = Optional.ofNullable(System.getProperty(STATES_PROPERTY))
                .map(chosen -> List.of(chosen.split(","))).orElse(STATES);
        int trials = 2 * states.size();
        long sharedStates = states.stream().filter(state -> !state.startsWith("local")).count();
        String loadBefore = LoadAverage.now();
        List<RunResult> results = new ArrayList<>(run(options(report, states, "nextVisit", "trackApiEvent")));
        RunResult tuning = named(results, TUNED_TO).orElseGet(() -> results.stream()
                .filter(result -> nameOf(result.getParams()).startsWith("trackApiEvent")).findFirst().orElseThrow());
        double workMicros = median(tuning) - median(named(results, "nextVisit").orElseThrow());
        long tokens = Math.max(1, Math.round(workMicros * 1_000 / nanosPerCpuToken()));
        results.addAll(run(options(report, states, "nextVisitThenCpuWork", "nextVisitThenCpuWorkBesideBusyWriter",
                "parsePayload",
                "parsePayloadWithProviderLookup").param("tokens", Long.toString(tokens))));

        List<String> lines = Files.readAllLines(report);
        Files.delete(report);
        Map<String, Double> callerBytes = ForkedBenchmarks.allocationPerCall(lines);
        Map<String, Double> callerCpu = ForkedBenchmarks.cpuPerCall(lines);
        List<String> iterations = ForkedBenchmarks.otherLines(lines);

        System.out.printf(Locale.ROOT, "%nOne call, JMH sampled times of 5 x 2 s after 3 x 2 s warm-up, one thread,"
                + " µs; the calling thread's CPU time per call, µs; bytes allocated per call by the calling thread,"
                + " and by all threads as JMH's GC profiler counts them; load average %s before, %s after%n"
                + "%-54s %9s %8s %8s %8s %8s %10s %10s %10s %10s%n", loadBefore, LoadAverage.now(), "call", "samples",
                "mean", "p50", "p90", "p99", "p99.9", "caller CPU", "caller B", "all B");
        for (RunResult result : results) {
            String name = nameOf(result.getParams());
            Statistics sampled = result.getPrimaryResult().getStatistics();
            Result<?> allocated = result.getSecondaryResults().get("gc.alloc.rate.norm");
            System.out.printf(Locale.ROOT, "%-54s %9d %8.2f %8.2f %8.2f %8.2f %10.2f %10.2f %10.0f %10.0f%n", name,
                    sampled.getN(), sampled.getMean(), sampled.getPercentile(50), sampled.getPercentile(90),
                    sampled.getPercentile(99), sampled.getPercentile(99.9),
                    callerCpu.getOrDefault(name, Double.NaN) / 1_000, callerBytes.getOrDefault(name, Double.NaN),
                    allocated == null ? Double.NaN : allocated.getScore());
        }
        Statistics work = named(results, "nextVisitThenCpuWork").orElseThrow().getPrimaryResult().getStatistics();
        Statistics busyWork = named(results, "nextVisitThenCpuWorkBesideBusyWriter").orElseThrow()
                .getPrimaryResult().getStatistics();
        System.out.printf(Locale.ROOT, "%nThe tracker against the pure computation: nextVisitThenCpuWork with %,d"
                        + " tokens of CPU work, tuned to the median of %s (%.2f µs), took %.2f µs at the median and"
                        + " %.2f µs at p99; beside a busy writer %.2f µs and %.2f µs%n%-54s %8s %8s %14s %19s%n",
                tokens, nameOf(tuning.getParams()), median(tuning), work.getPercentile(50), work.getPercentile(99),
                busyWork.getPercentile(50), busyWork.getPercentile(99), "call", "p50", "p99", "p99 / its p99",
                "p99 / its p99 busy");
        for (RunResult result : results) {
            String name = nameOf(result.getParams());
            if (name.startsWith("trackApiEvent")) {
                Statistics sampled = result.getPrimaryResult().getStatistics();
                System.out.printf(Locale.ROOT, "%-54s %8.2f %8.2f %14.2f %19.2f%n", name, sampled.getPercentile(50),
                        sampled.getPercentile(99), sampled.getPercentile(99) / work.getPercentile(99),
                        sampled.getPercentile(99) / busyWork.getPercentile(99));
            }
        }
        System.out.printf("%nThe tracker after each iteration (warm-up included)%n%s%n", String.join("\n", iterations));

        assertThat(results).hasSize(BASELINES + trials);
        assertThat(callerBytes).as("the caller's allocation of every benchmark").hasSize(BASELINES + trials);
        assertThat(callerCpu).as("the caller's CPU time of every benchmark").hasSize(BASELINES + trials);
        assertThat(iterations.stream().filter(line -> line.startsWith("pocketbase ")))
                .as("one line per iteration of every trial").hasSize(8 * trials)
                .allSatisfy(line -> assertThat(line).contains(" 0 dropped"))
                .filteredOn(line -> !line.contains(" local"))
                .hasSize((int) (16 * sharedStates))
                .allSatisfy(line -> assertThat(line).contains("get ").endsWith(", 0 failed"));
    }
}
