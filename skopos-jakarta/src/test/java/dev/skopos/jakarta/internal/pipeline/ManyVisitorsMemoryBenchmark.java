package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.FlushResult;
import dev.skopos.jakarta.bench.LoadAverage;
import dev.skopos.jakarta.bench.VisitorTraffic;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A million distinct visitors (distinct client addresses) through the pipeline, on one thread, as fast as it
 * takes them, with the product's defaults: a 64 MB memory budget, batching every 10 s in batches of 100,
 * 30-minute sessions. At every 100,000 visitors it prints the heap the tracker holds (settled after GC, as
 * {@link MemoryBudgetTest} measures it), what the budget counts, the sessions on the heap and what was dropped.
 *
 * <p>What it shows: PocketBase is real and running, and it takes about 1.5 ms per record here, so a million
 * visitors (each a visitor, a session and an event record) would take PocketBase over an hour; the tracker
 * receives them in about a minute. That is a spike far above what PocketBase absorbs, the case the memory
 * budget exists for: the writer lands what it can, the budget fills, and what does not fit is refused and
 * counted, while the heap must stay inside the budget however many visitors pass. The clock moves 3.6 ms per
 * visit (a million visitors an hour of simulated time) and the idle sessions are swept every simulated
 * minute, so sessions time out, are replaced and evicted as in production. At the end the queue is written
 * out and every accepted event must be in PocketBase: nothing accepted is lost, and every event not accepted
 * was refused by the budget, counted as such.
 *
 * <p>Run with {@code mvn -pl skopos-jakarta -Pbenchmark test -Dtest=ManyVisitorsMemoryBenchmark}; not part of
 * the normal build.
 */
@Tag("benchmark")
class ManyVisitorsMemoryBenchmark {
    private static final long BUDGET = 64L * 1024 * 1024;
    private static final int VISITORS = 1_000_000;
    private static final int REPORT_EVERY = 100_000;
    private static final Duration TIME_PER_VISIT = Duration.ofNanos(3_600_000);
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    private static final String SESSION_CLASS = "dev.skopos.jakarta.internal.visitors.LiveSession";
    private static final int LIVE_SESSIONS = 20_000;
    private static final int WARM_VISITORS = 2_000;

    @Test
    void aMillionVisitorsStayInsideTheMemoryBudget() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             TrackerHarness tracker = TrackerHarness.batching(pocketBase, Duration.ofSeconds(10), 100, BUDGET)) {
            VisitorTraffic traffic = new VisitorTraffic(1_000_000, 0.7, 10_000);
            long heapBefore = MemoryBudgetTest.settledHeap();
            long maxHeapGrowth = 0;
            long visits = 0;
            int nextReport = REPORT_EVERY;
            Duration sinceSweep = Duration.ZERO;
            long start = System.nanoTime();

            System.out.printf(Locale.ROOT, "%n%d distinct visitors, memory budget %d MB, PocketBase running%n"
                            + "%9s %10s %8s %12s %11s %11s %10s %10s %11s%n", VISITORS, BUDGET >> 20, "visitors",
                    "visits", "seconds", "heap MB", "budget MB", "sessions", "accepted", "written", "refused");
            while (traffic.visitors() < VISITORS) {
                VisitorTraffic.Visit visit = traffic.next();
                tracker.track(visit.request(), visit.payload());
                visits++;
                tracker.clock().advance(TIME_PER_VISIT);
                sinceSweep = sinceSweep.plus(TIME_PER_VISIT);
                if (sinceSweep.compareTo(SWEEP_EVERY) >= 0) {
                    tracker.pipeline().sweepSessions();
                    sinceSweep = Duration.ZERO;
                }
                if (traffic.visitors() == nextReport) {
                    nextReport += REPORT_EVERY;
                    long heapGrowth = MemoryBudgetTest.settledHeap() - heapBefore;
                    maxHeapGrowth = Math.max(maxHeapGrowth, heapGrowth);
                    Delivery delivery = tracker.pipeline().delivery();
                    System.out.printf(Locale.ROOT, "%9d %10d %8.0f %12.1f %11.1f %11d %10d %10d %11d%n",
                            traffic.visitors(), visits, (System.nanoTime() - start) / 1e9, heapGrowth / 1048576.0,
                            tracker.pipeline().memoryUsed() / 1048576.0, instancesOf(SESSION_CLASS),
                            delivery.accepted(), delivery.written(), delivery.dropped().get(DropReason.MEMORY_BUDGET));
                }
            }
            printLargestHolders();

            Delivery afterFlood = tracker.pipeline().delivery();
            FlushResult rest = tracker.pipeline().flush(Duration.ofMinutes(10));
            System.out.printf(Locale.ROOT, "queue written out after the flood: %d more events in %.0f s%n",
                    rest.written(), (System.nanoTime() - start) / 1e9);

            assertThat(maxHeapGrowth).as("heap held by the tracker, bytes, at worst").isLessThanOrEqualTo(BUDGET);
            assertThat(afterFlood.accepted() + afterFlood.dropped().get(DropReason.MEMORY_BUDGET))
                    .as("every visit accepted or refused by the budget").isEqualTo(visits);
            assertThat(afterFlood.droppedAfterAcceptance()).as("accepted events dropped").isZero();
            assertThat(rest.pending()).as("events PocketBase did not take").isZero();
            assertThat(pocketBase.admin().count("events")).as("events in PocketBase")
                    .isEqualTo(afterFlood.accepted());
        }
    }

    /**
     * The heap a live session holds against what the memory budget charges for it: {@value #LIVE_SESSIONS} new
     * visitors with one page view each, written out (PocketBase batches on), so that what stays is their
     * sessions; then the sessions time out and are swept, and what stays is what the visitors left in the
     * bounded caches. Heap settled after GC at each point, after {@value #WARM_VISITORS} visitors before the
     * first so that classes are loaded and the caches' fixed tables exist.
     */
    @Test
    void heapPerLiveSessionAgainstWhatTheBudgetCharges() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            pocketBase.admin().setBatches(true, 50);
            try (TrackerHarness tracker = TrackerHarness.batching(pocketBase, Duration.ofSeconds(1), 100, BUDGET)) {
                VisitorTraffic traffic = new VisitorTraffic(26, 1.0, 1);
                newVisitors(tracker, traffic, WARM_VISITORS);
                Footing none = Footing.of(tracker);
                newVisitors(tracker, traffic, LIVE_SESSIONS);
                Footing live = Footing.of(tracker);
                tracker.clock().advance(Duration.ofHours(1));
                tracker.pipeline().sweepSessions();
                writeOut(tracker);
                Footing swept = Footing.of(tracker);

                assertThat(live.sessions() - none.sessions()).as("live sessions").isEqualTo(LIVE_SESSIONS);
                assertThat(swept.sessions()).as("sessions after the sweep").isZero();
                System.out.printf(Locale.ROOT, "%n%d live sessions, load average %s%n"
                                + "heap per live session, bytes:                   %8.0f (heap with them minus after"
                                + " they timed out)%n"
                                + "budget charged per live session, bytes:         %8.0f%n"
                                + "heap per visitor left in caches after, bytes:   %8.0f (the caches are bounded)%n"
                                + "heap per visitor seen, both, bytes:             %8.0f%n",
                        LIVE_SESSIONS, LoadAverage.now(), live.perSessionOver(swept),
                        (live.budget() - swept.budget()) / (double) LIVE_SESSIONS, swept.perSessionOver(none),
                        live.perSessionOver(none));
            }
        }
    }

    private static void newVisitors(TrackerHarness tracker, VisitorTraffic traffic, int count) {
        for (int i = 0; i < count; i++) {
            VisitorTraffic.Visit visit = traffic.newVisitor();
            assertThat(tracker.track(visit.request(), visit.payload())).as("visit accepted").isTrue();
        }
        writeOut(tracker);
    }

    private static void writeOut(TrackerHarness tracker) {
        assertThat(tracker.pipeline().flush(Duration.ofMinutes(5)).pending()).as("records not written").isZero();
    }

    /** The heap settled after GC, what the budget counts and the live sessions on the heap, at one point. */
    private record Footing(long heap, long budget, long sessions) {
        static Footing of(TrackerHarness tracker) throws Exception {
            return new Footing(MemoryBudgetTest.settledHeap(), tracker.pipeline().memoryUsed(),
                    instancesOf(SESSION_CLASS));
        }

        double perSessionOver(Footing before) {
            return (heap - before.heap) / (double) LIVE_SESSIONS;
        }
    }

    /** Instances of {@code className} on the heap after a full collection. */
    private static long instancesOf(String className) throws JMException {
        return Arrays.stream(classHistogram()).filter(line -> line.endsWith(" " + className))
                .mapToLong(line -> Long.parseLong(line.trim().split("\\s+")[1])).findFirst().orElse(0);
    }

    private static void printLargestHolders() throws JMException {
        String[] histogram = classHistogram();
        System.out.println("Largest classes on the heap after the flood (jcmd GC.class_histogram):");
        Arrays.stream(histogram).limit(18).forEach(System.out::println);
        System.out.println("Tracker classes among them:");
        Arrays.stream(histogram).filter(line -> line.contains("dev.skopos")).limit(12).forEach(System.out::println);
    }

    /** The JVM's class histogram, as {@code jcmd <pid> GC.class_histogram} prints it; collects garbage first. */
    private static String[] classHistogram() throws JMException {
        Object histogram = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        return ((String) histogram).lines().toArray(String[]::new);
    }
}
