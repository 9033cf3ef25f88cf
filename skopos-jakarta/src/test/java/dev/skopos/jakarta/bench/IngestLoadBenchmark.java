package dev.skopos.jakarta.bench;

import dev.skopos.jakarta.testing.FaultProxy;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load driver: the same traffic (visitors sending page views back to back, from concurrent threads) is
 * written to a fresh real PocketBase three ways, and the figures are printed side by side.
 * <ul>
 *   <li>baseline: {@link ReferencePattern}, the reference SDK's request pattern re-created;</li>
 *   <li>skopos-jakarta with batching off, and with batching on (1 s interval, batches of 100);</li>
 *   <li>skopos-jakarta batching, with PocketBase {@value #DISTANCE_MILLIS} ms away (a proxy holds every request
 *       that long, as a network between them would), writing one request at a time and
 *       {@value #DISTANT_WRITE_CONCURRENCY} at once ({@code skopos.write-concurrency}).</li>
 * </ul>
 * Requests are counted from PocketBase's own request log. Run with
 * {@code mvn -pl skopos-jakarta -Pbenchmark test}; it is not part of the normal build.
 */
@Tag("benchmark")
class IngestLoadBenchmark {
    private static final int VISITORS = 200;
    private static final int EVENTS_PER_VISITOR = 10;
    private static final int THREADS = 8;
    private static final int EVENTS = VISITORS * EVENTS_PER_VISITOR;
    private static final int DISTANCE_MILLIS = 5;
    private static final int DISTANT_WRITE_CONCURRENCY = 4;
    private static final String TRACKER_AGENT_FILTER = "data.userAgent = 'skopos-jakarta'";

    private record Figures(String writer, double eventsPerSecond, double requestsPerEvent, double callerMicros) {
    }

    /** Receives one page view of {@code visitor} on a sending thread. */
    private interface Receiver {
        void receive(int visitor, String path);
    }

    @Test
    void compareWithTheReferenceRequestPattern() throws Exception {
        List<Figures> results = List.of(baseline(), tracker(false), tracker(true), distantTracker(1),
                distantTracker(DISTANT_WRITE_CONCURRENCY));

        System.out.printf(Locale.ROOT, "%n%d page views: %d visitors x %d back to back, %d sending threads%n",
                EVENTS, VISITORS, EVENTS_PER_VISITOR, THREADS);
        System.out.printf(Locale.ROOT, "%-52s %10s %16s %24s%n", "writer", "events/s", "requests/event",
                "caller wait µs/event");
        for (Figures figures : results) {
            System.out.printf(Locale.ROOT, "%-52s %10.0f %16.2f %24.1f%n", figures.writer(),
                    figures.eventsPerSecond(), figures.requestsPerEvent(), figures.callerMicros());
        }
    }

    private Figures baseline() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            ReferencePattern referencePattern = new ReferencePattern(pocketBase);
            long start = System.nanoTime();
            long callerNanos = send(referencePattern::receive);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(pocketBase.admin().count("events")).isEqualTo(EVENTS);
            return new Figures("baseline (reference pattern)", EVENTS / seconds,
                    RequestLog.count(pocketBase.admin(), "data.userAgent = '" + ReferencePattern.AGENT + "'")
                            / (double) EVENTS, callerNanos / 1e3 / EVENTS);
        }
    }

    private Figures tracker(boolean batch) throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             TrackerHarness tracker = batch
                     ? TrackerHarness.batching(pocketBase, Duration.ofSeconds(1), 100)
                     : TrackerHarness.immediate(pocketBase)) {
            return measure("skopos-jakarta, batch=" + batch, pocketBase, tracker);
        }
    }

    /** Sends the traffic to {@code tracker} and waits until it has written every event. */
    private static Figures measure(String writer, PocketBaseServer pocketBase, TrackerHarness tracker)
            throws Exception {
        long start = System.nanoTime();
        long callerNanos = send((visitor, path) -> tracker.track(TrackerHarness.browser(ipOf(visitor)),
                Json.createObjectBuilder().add("type", "pageView").add("url", "https://example.com" + path)
                        .build()));
        tracker.flush();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(pocketBase.admin().count("events")).isEqualTo(EVENTS);
        int requests = RequestLog.count(pocketBase.admin(),
                TRACKER_AGENT_FILTER + " && data.url ~ '/api/collections/%'");
        return new Figures(writer, EVENTS / seconds, requests / (double) EVENTS, callerNanos / 1e3 / EVENTS);
    }

    private Figures distantTracker(int writeConcurrency) throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             FaultProxy network = FaultProxy.to(pocketBase.url())) {
            network.delayRequests(Duration.ofMillis(DISTANCE_MILLIS));
            try (TrackerHarness tracker = TrackerHarness.batchingThrough(pocketBase, network.url(),
                    Duration.ofSeconds(1), 100, writeConcurrency)) {
                return measure("PocketBase " + DISTANCE_MILLIS + " ms away, write-concurrency=" + writeConcurrency,
                        pocketBase, tracker);
            }
        }
    }

    private static String ipOf(int visitor) {
        return "10.1." + (visitor / 250) + "." + (visitor % 250 + 1);
    }

    /** Sends every visitor's page views back to back, visitors spread over the threads; returns time spent in calls. */
    private static long send(Receiver receiver) throws Exception {
        return new Traffic(0, VISITORS, EVENTS_PER_VISITOR).send(THREADS,
                (visitor, page) -> receiver.receive(visitor, "/page/" + page));
    }
}
