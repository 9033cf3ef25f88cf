package dev.skopos.jakarta.bench;

import dev.skopos.jakarta.testing.PocketBaseAdmin;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Load driver: the same traffic (visitors sending page views back to back, from concurrent threads) is
 * written to a fresh real PocketBase three ways, and the figures are printed side by side.
 * <ul>
 *   <li>baseline: the reference SDK's request pattern, made by the thread that received the event: the
 *       visitor looked up and created once, then a new session and the event for every event (the reference
 *       starts a session per back-to-back event), about 2.2 requests per event;</li>
 *   <li>skopos-jakarta with batching off, and with batching on (1 s interval, batches of 100).</li>
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
    private static final String BASELINE_AGENT = "skopos-benchmark-baseline";
    private static final String TRACKER_AGENT_FILTER = "data.userAgent ~ 'Apache-HttpClient%'";

    private record Figures(String writer, double eventsPerSecond, double requestsPerEvent, double callerMicros) {
    }

    /** Receives one page view of {@code visitor} on a sending thread. */
    private interface Receiver {
        void receive(int visitor, String path);
    }

    @Test
    void compareWithTheReferenceRequestPattern() throws Exception {
        List<Figures> results = List.of(baseline(), tracker(false), tracker(true));

        System.out.printf(Locale.ROOT, "%n%d page views: %d visitors x %d back to back, %d sending threads%n",
                EVENTS, VISITORS, EVENTS_PER_VISITOR, THREADS);
        System.out.printf(Locale.ROOT, "%-32s %10s %16s %24s%n", "writer", "events/s", "requests/event",
                "caller wait µs/event");
        for (Figures figures : results) {
            System.out.printf(Locale.ROOT, "%-32s %10.0f %16.2f %24.1f%n", figures.writer(),
                    figures.eventsPerSecond(), figures.requestsPerEvent(), figures.callerMicros());
        }
    }

    private Figures baseline() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            PocketBaseAdmin client = pocketBase.admin().withUserAgent(BASELINE_AGENT);
            Map<Integer, String> visitorRecords = new ConcurrentHashMap<>();
            Receiver referencePattern = (visitor, path) -> {
                String visitorRecord = visitorRecords.computeIfAbsent(visitor, v -> {
                    String visitorId = "baseline-" + v;
                    List<JsonObject> found = client.list("visitors", "visitorId = '" + visitorId + "'");
                    return found.isEmpty()
                            ? client.create("visitors", Json.createObjectBuilder().add("website",
                            pocketBase.websiteId()).add("visitorId", visitorId).build()).getString("id")
                            : found.get(0).getString("id");
                });
                String session = client.create("sessions", Json.createObjectBuilder()
                        .add("website", pocketBase.websiteId()).add("visitor", visitorRecord)
                        .add("entryPath", path).add("exitPath", path).add("device", "desktop").build())
                        .getString("id");
                client.create("events", Json.createObjectBuilder().add("session", session).add("type", "pageView")
                        .add("path", path).build());
            };
            long start = System.nanoTime();
            long callerNanos = send(referencePattern);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(pocketBase.admin().count("events")).isEqualTo(EVENTS);
            return new Figures("baseline (reference pattern)", EVENTS / seconds,
                    settledRequestCount(pocketBase.admin(), "data.userAgent = '" + BASELINE_AGENT + "'")
                            / (double) EVENTS, callerNanos / 1e3 / EVENTS);
        }
    }

    private Figures tracker(boolean batch) throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             TrackerHarness tracker = batch
                     ? TrackerHarness.batching(pocketBase, Duration.ofSeconds(1), 100)
                     : TrackerHarness.immediate(pocketBase)) {
            long start = System.nanoTime();
            long callerNanos = send((visitor, path) -> tracker.track(TrackerHarness.browser(ipOf(visitor)),
                    Json.createObjectBuilder().add("type", "pageView").add("url", "https://example.com" + path)
                            .build()));
            tracker.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(pocketBase.admin().count("events")).isEqualTo(EVENTS);
            int requests = settledRequestCount(pocketBase.admin(),
                    TRACKER_AGENT_FILTER + " && data.url ~ '/api/collections/%'");
            return new Figures("skopos-jakarta, batch=" + batch, EVENTS / seconds, requests / (double) EVENTS,
                    callerNanos / 1e3 / EVENTS);
        }
    }

    private static String ipOf(int visitor) {
        return "10.1." + (visitor / 250) + "." + (visitor % 250 + 1);
    }

    /** Sends every visitor's page views back to back, visitors spread over the threads; returns time spent in calls. */
    private static long send(Receiver receiver) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        AtomicInteger nextVisitor = new AtomicInteger();
        List<Future<Long>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(threads.submit(() -> {
                long spent = 0;
                for (int visitor = nextVisitor.getAndIncrement(); visitor < VISITORS;
                     visitor = nextVisitor.getAndIncrement()) {
                    for (int page = 0; page < EVENTS_PER_VISITOR; page++) {
                        long before = System.nanoTime();
                        receiver.receive(visitor, "/page/" + page);
                        spent += System.nanoTime() - before;
                    }
                }
                return spent;
            }));
        }
        long total = 0;
        for (Future<Long> worker : workers) {
            total += worker.get();
        }
        threads.shutdown();
        return total;
    }

    /** PocketBase writes its request log a few seconds late: read until the count stops changing. */
    private static int settledRequestCount(PocketBaseAdmin admin, String filter) {
        int[] last = {-1};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            int now = admin.loggedRequests(filter);
            boolean settled = now == last[0] && now >= EVENTS;
            last[0] = now;
            return settled;
        });
        return last[0];
    }
}
