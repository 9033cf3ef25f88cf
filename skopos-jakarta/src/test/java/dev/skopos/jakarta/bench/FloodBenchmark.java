package dev.skopos.jakarta.bench;

import dev.skopos.jakarta.testing.DashboardLayout;
import dev.skopos.jakarta.testing.PocketBaseAdmin;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Load driver: a flood of hostile browser events against the demo on Open Liberty (started by
 * {@code server-config/demo.sh} as users start it, with its defaults but batching every second), beside steady
 * ordinary traffic, on a fresh PocketBase whose collections a dashboard before 0.38 made (so the day's
 * summary is kept):
 * <ul>
 *   <li>ordinary traffic: {@value #ORDINARY_VISITORS} visitors (IPv4 addresses, a current Chrome), each a page
 *       view a second among ten pages, from before the flood until after it;</li>
 *   <li>the flood: {@value #FLOOD_EVENTS} events from {@value #FLOOD_ADDRESSES} distinct IPv6 addresses (each
 *       its own /64), two each, every address with a user agent of its own of 10 KB (different in its first
 *       characters, so no cache helps), a page view, a custom event or a JS error, with 50,000 distinct one-off
 *       paths and as many one-off referrers and languages, one-off custom event names and error messages, sent
 *       by {@value #DEFAULT_FLOOD_SENDERS} threads as fast as the server answers
 *       ({@code -Dskopos.bench.flood-senders=N}), or at most {@code -Dskopos.bench.flood-rate=N} a second.</li>
 * </ul>
 * The flood is sent twice: first to an endpoint of the demo that reads each request and tracks nothing
 * ({@code /api/baseline}), for what it costs the server alone, then to the tracker's. It measures, and checks:
 * no answer of 500 or more to anyone; the heap Liberty keeps (after a full collection) grows by less than the
 * tracker's memory budget; once everything is written, the ordinary pages are the top of the day's
 * {@code topPages} with exactly the page views they were sent, and PocketBase holds exactly those events. It
 * measures the ordinary requests' latency before the floods and during each. The ordinary visitors browse for
 * {@code WARM_UP} first, long enough to count as known visitors. Needs the demo WAR built first:
 * {@code mvn -q -DskipTests package}, then {@code mvn -pl skopos-jakarta -Pbenchmark test -Dtest=FloodBenchmark}.
 */
@Tag("benchmark")
class FloodBenchmark {
    private static final int ORDINARY_VISITORS = 20;
    private static final List<String> ORDINARY_PAGES = List.of("/", "/pricing", "/docs", "/blog", "/about",
            "/signup", "/docs/install", "/docs/api", "/contact", "/careers");
    private static final Duration ORDINARY_PERIOD = Duration.ofSeconds(1);
    /** Longer than a client must be known before the site's ceiling counts it as established. */
    private static final Duration WARM_UP = Duration.ofSeconds(40);
    private static final Duration BEFORE_THE_FLOOD = Duration.ofSeconds(30);
    private static final Duration AFTER_THE_FLOOD = Duration.ofSeconds(10);
    private static final int FLOOD_ADDRESSES = 100_000;
    private static final int FLOOD_EVENTS = 2 * FLOOD_ADDRESSES;
    private static final int AGENT_LENGTH = 10 * 1024;
    private static final int DEFAULT_FLOOD_SENDERS = 4;
    private static final int FLOOD_SENDERS = Integer.getInteger("skopos.bench.flood-senders", DEFAULT_FLOOD_SENDERS);
    /** Flood requests a second at most; 0 for as fast as the server answers. */
    private static final int FLOOD_RATE = Integer.getInteger("skopos.bench.flood-rate", 0);
    /** Between the floods, for the server to settle. */
    private static final Duration BETWEEN_THE_FLOODS = Duration.ofSeconds(20);
    /** The tracker's memory budget: the default, which the demo keeps. */
    private static final long MEMORY_BUDGET = 64L * 1024 * 1024;
    /** The demo's settings: batching every second, and any given as {@code -Dskopos.bench.settings=NAME=value,…}. */
    private static final Map<String, String> SETTINGS = settings(System.getProperty("skopos.bench.settings", ""));
    private static final String PADDING = "x".repeat(AGENT_LENGTH);

    private enum Phase {
        WARM_UP, BEFORE, UNTRACKED_FLOOD, BETWEEN, FLOOD, AFTER
    }

    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.WARM_UP);
    private final Map<Phase, ConcurrentLinkedQueue<Long>> latencies = new EnumMap<>(Phase.class);
    private final Map<String, LongAdder> ordinarySent = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> ordinaryStatuses = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> floodStatuses = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> untrackedFloodStatuses = new ConcurrentHashMap<>();
    private volatile boolean browsing = true;

    @Test
    void theFloodLeavesOrdinaryTrafficItsPagesItsCountsAndItsLatency() throws Exception {
        for (Phase each : Phase.values()) {
            latencies.put(each, new ConcurrentLinkedQueue<>());
        }
        Path root = Path.of(System.getProperty("skopos.bench.root"));
        Path output = Files.createDirectories(root.resolve("skopos-jakarta/target/flood"));
        String loadBefore = LoadAverage.now();
        try (PocketBaseServer pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38);
             LibertyDemo demo = LibertyDemo.start(root, pocketBase, SETTINGS, output.resolve("demo.log"))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ExecutorService visitors = Executors.newFixedThreadPool(ORDINARY_VISITORS);
            List<Future<?>> browsingVisitors = new ArrayList<>();
            for (int visitor = 0; visitor < ORDINARY_VISITORS; visitor++) {
                int number = visitor;
                browsingVisitors.add(visitors.submit(() -> browse(http, demo.eventEndpoint(), number)));
            }
            pause(WARM_UP);
            long heapBefore = JvmHeap.retained(demo.pid());
            phase.set(Phase.BEFORE);
            pause(BEFORE_THE_FLOOD);

            phase.set(Phase.UNTRACKED_FLOOD);
            long start = System.nanoTime();
            flood(http, demo.baselineEndpoint(), demo.pid(), untrackedFloodStatuses);
            double untrackedSeconds = (System.nanoTime() - start) / 1e9;
            phase.set(Phase.BETWEEN);
            pause(BETWEEN_THE_FLOODS);

            phase.set(Phase.FLOOD);
            start = System.nanoTime();
            List<Long> heapDuringFlood = flood(http, demo.eventEndpoint(), demo.pid(), floodStatuses);
            double floodSeconds = (System.nanoTime() - start) / 1e9;
            phase.set(Phase.AFTER);
            long heapAfterFlood = JvmHeap.retained(demo.pid());
            pause(AFTER_THE_FLOOD);
            browsing = false;
            for (Future<?> visitor : browsingVisitors) {
                visitor.get();
            }
            visitors.shutdown();

            JsonObject delivery = awaitQueueWritten(http, demo.readinessEndpoint());
            PocketBaseAdmin admin = pocketBase.admin();
            Map<String, Long> expected = new LinkedHashMap<>();
            ORDINARY_PAGES.forEach(page -> expected.put(page, ordinarySent.getOrDefault(page, new LongAdder()).sum()));
            List<JsonObject> topPages = awaitOrdinaryCounts(admin, expected);
            Map<String, Long> stored = new LinkedHashMap<>();
            ORDINARY_PAGES.forEach(page -> stored.put(page, (long) admin.count("events", "path = '" + page + "'")));

            report(loadBefore, untrackedSeconds, floodSeconds, heapBefore, heapDuringFlood, heapAfterFlood, delivery,
                    expected, topPages, admin);

            assertThat(floodStatuses.keySet()).as("answers to the flood")
                    .allMatch(status -> status > 0 && status < 500);
            assertThat(ordinaryStatuses.keySet()).as("answers to ordinary traffic").containsOnly(204);
            assertThat(heapAfterFlood - heapBefore).as("heap kept after the flood, over before it")
                    .isLessThan(MEMORY_BUDGET);
            assertThat(topPages.subList(0, ORDINARY_PAGES.size())).extracting(page -> page.getString("key"))
                    .containsExactlyInAnyOrderElementsOf(ORDINARY_PAGES);
            assertThat(counts(topPages)).containsAllEntriesOf(expected);
            assertThat(stored).isEqualTo(expected);
        }
    }

    private static Map<String, String> settings(String given) {
        Map<String, String> settings = new TreeMap<>(Map.of("SKOPOS_BATCH", "true", "SKOPOS_BATCH_INTERVAL", "1000"));
        for (String setting : given.split(",")) {
            if (setting.contains("=")) {
                settings.put(setting.substring(0, setting.indexOf('=')).trim(),
                        setting.substring(setting.indexOf('=') + 1).trim());
            }
        }
        return settings;
    }

    /** One ordinary visitor: a page view each period, until browsing stops, its latency kept by phase. */
    private void browse(HttpClient http, URI endpoint, int visitor) {
        String address = "10.2.0." + (visitor + 1);
        long period = ORDINARY_PERIOD.toNanos();
        long next = System.nanoTime() + period * visitor / ORDINARY_VISITORS;
        for (int view = 0; browsing; view++) {
            pause(Duration.ofNanos(next - System.nanoTime()));
            next = Math.max(next + period, System.nanoTime());
            String page = ORDINARY_PAGES.get((visitor + view) % ORDINARY_PAGES.size());
            Phase during = phase.get();
            long start = System.nanoTime();
            int status = post(http, endpoint, address, TrackerHarness.CHROME,
                    "{\"type\":\"pageView\",\"url\":\"https://example.com" + page + "\"}");
            if (phase.get() == during) {
                latencies.get(during).add(System.nanoTime() - start);
            }
            ordinaryStatuses.computeIfAbsent(status, s -> new LongAdder()).increment();
            if (status == 204) {
                ordinarySent.computeIfAbsent(page, p -> new LongAdder()).increment();
            }
        }
    }

    /**
     * Sends every flood event to {@code endpoint}, counting the answers in {@code statuses}; returns the heap in
     * use (garbage included) sampled every five seconds.
     */
    private static List<Long> flood(HttpClient http, URI endpoint, long libertyPid, Map<Integer, LongAdder> statuses)
            throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(FLOOD_SENDERS);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> sending = new ArrayList<>();
        for (int sender = 0; sender < FLOOD_SENDERS; sender++) {
            sending.add(senders.submit(() -> {
                for (int event = next.getAndIncrement(); event < FLOOD_EVENTS; event = next.getAndIncrement()) {
                    if (FLOOD_RATE > 0) {
                        pause(Duration.ofNanos(start + event * 1_000_000_000L / FLOOD_RATE - System.nanoTime()));
                    }
                    int status = post(http, endpoint, floodAddress(event / 2), floodAgent(event / 2),
                            floodEvent(event));
                    statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                }
            }));
        }
        List<Long> heap = new ArrayList<>();
        while (sending.stream().anyMatch(sender -> !sender.isDone())) {
            heap.add(JvmHeap.used(libertyPid));
            pause(Duration.ofSeconds(5));
        }
        for (Future<?> sender : sending) {
            sender.get();
        }
        senders.shutdown();
        return heap;
    }

    /** Each flood address in a /64 of its own. */
    private static String floodAddress(int address) {
        return "2001:db8:" + Integer.toHexString(address >>> 16) + ":" + Integer.toHexString(address & 0xffff) + "::1";
    }

    /** A 10 KB agent of its own for each address, different in its first characters, as a cache would see it. */
    private static String floodAgent(int address) {
        String head = "Mozilla/5.0 (X11; Linux x86_64; r" + address + ") AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/131.0.0.0 Safari/537.36 ";
        return head + PADDING.substring(head.length());
    }

    /**
     * Of every four events, one page view of a one-off path, with a one-off referrer and language; two custom
     * events and a JS error, with one-off names and messages, on the same path.
     */
    private static String floodEvent(int event) {
        String url = "https://example.com/o/" + event / 4;
        return switch (event % 4) {
            case 0 -> "{\"type\":\"pageView\",\"url\":\"" + url + "\",\"referrer\":\"https://r" + event
                    + ".spam.example/\",\"language\":\"x-" + event + "\"}";
            case 2 -> "{\"type\":\"jsError\",\"url\":\"" + url + "\",\"errorMessage\":\"TypeError: x" + event
                    + " is undefined\"}";
            default -> "{\"type\":\"custom\",\"url\":\"" + url + "\",\"name\":\"deal-" + event + "\"}";
        };
    }

    /** The status answered, or 0 where the request failed without one. */
    private static int post(HttpClient http, URI endpoint, String address, String agent, String body) {
        try {
            return BrowserPost.send(http, endpoint, address, agent, body).status();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Waits until the tracker has written every event it accepted, at a quiet moment (none queued, none being
     * written); returns its delivery counts.
     */
    private static JsonObject awaitQueueWritten(HttpClient http, URI readiness) {
        AtomicReference<JsonObject> data = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            String answer = http.send(HttpRequest.newBuilder(readiness).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            try (JsonReader reader = Json.createReader(new StringReader(answer))) {
                JsonObject check = reader.readObject().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                        .filter(each -> each.getString("name").equals("skopos-pocketbase")).findFirst().orElseThrow();
                data.set(check.getJsonObject("data"));
            }
            JsonObject counts = data.get();
            return counts.getJsonNumber("queued").longValue() == 0 && counts.getJsonNumber("accepted").longValue()
                    == counts.getJsonNumber("written").longValue() + counts.getInt("dropped.refused", 0)
                    + counts.getInt("dropped.shutdown", 0);
        });
        return data.get();
    }

    /** The day's top pages once the summary holds every ordinary page view, or after a minute. */
    private static List<JsonObject> awaitOrdinaryCounts(PocketBaseAdmin admin, Map<String, Long> expected) {
        AtomicReference<List<JsonObject>> pages = new AtomicReference<>(List.of());
        String day = LocalDate.now(ZoneOffset.UTC) + " 00:00:00.000Z";
        try {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                List<JsonObject> days = admin.list("dash_sum", "date = '" + day + "'");
                if (!days.isEmpty()) {
                    pages.set(days.get(0).getJsonObject("summary").getJsonArray("topPages")
                            .getValuesAs(JsonObject.class));
                }
                return counts(pages.get()).entrySet().containsAll(expected.entrySet());
            });
        } catch (ConditionTimeoutException e) {
            // the assertions that follow say what differs
        }
        return pages.get();
    }

    private static Map<String, Long> counts(List<JsonObject> list) {
        Map<String, Long> counts = new LinkedHashMap<>();
        list.forEach(entry -> counts.put(entry.getString("key"), entry.getJsonNumber("count").longValue()));
        return counts;
    }

    private void report(String loadBefore, double untrackedSeconds, double floodSeconds, long heapBefore,
                        List<Long> heapDuringFlood, long heapAfterFlood, JsonObject delivery,
                        Map<String, Long> expected, List<JsonObject> topPages, PocketBaseAdmin admin)
            throws IOException {
        System.out.printf(Locale.ROOT, "%nFlood of %,d events from %,d IPv6 addresses, 10 KB agents of their own,"
                        + " %d senders%s, beside %d ordinary visitors; demo settings %s; load average %s before,"
                        + " %s after%n",
                FLOOD_EVENTS, FLOOD_ADDRESSES, FLOOD_SENDERS, FLOOD_RATE > 0 ? ", at most " + FLOOD_RATE + "/s" : "",
                ORDINARY_VISITORS, SETTINGS, loadBefore, LoadAverage.now());
        System.out.printf(Locale.ROOT, "to the untracked endpoint: sent in %.0f s (%.0f requests/s), answers %s%n",
                untrackedSeconds, FLOOD_EVENTS / untrackedSeconds, sums(untrackedFloodStatuses));
        System.out.printf(Locale.ROOT, "to the tracker: sent in %.0f s (%.0f requests/s), answers %s; ordinary"
                + " answers %s%n", floodSeconds, FLOOD_EVENTS / floodSeconds, sums(floodStatuses),
                sums(ordinaryStatuses));
        System.out.printf(Locale.ROOT, "Liberty's heap after a full collection: %.1f MB before the flood, %.1f MB"
                        + " after it (%+.1f MB; the tracker's budget is %d MB); in use during the flood, garbage"
                        + " included: at most %.1f MB%n", heapBefore / 1e6, heapAfterFlood / 1e6,
                (heapAfterFlood - heapBefore) / 1e6, MEMORY_BUDGET >> 20,
                heapDuringFlood.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6);
        System.out.printf("the tracker's delivery counts once everything was written: %s%n", delivery);
        System.out.printf(Locale.ROOT, "%-28s %9s %8s %8s %8s %8s%n", "ordinary requests", "requests", "p50 ms",
                "p90 ms", "p99 ms", "max ms");
        Map<Phase, String> labels = Map.of(Phase.BEFORE, "before the floods", Phase.UNTRACKED_FLOOD,
                "during the untracked flood", Phase.FLOOD, "during the flood");
        for (Phase each : List.of(Phase.BEFORE, Phase.UNTRACKED_FLOOD, Phase.FLOOD)) {
            long[] sorted = sorted(each);
            System.out.printf(Locale.ROOT, "%-28s %9d %8.2f %8.2f %8.2f %8.2f%n", labels.get(each), sorted.length,
                    percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), percentile(sorted, 100));
        }
        double before = percentile(sorted(Phase.BEFORE), 99);
        System.out.printf(Locale.ROOT, "p99 during the flood: %.2f x before (within 3 x: %s); during the untracked"
                        + " flood: %.2f x%n", percentile(sorted(Phase.FLOOD), 99) / before,
                percentile(sorted(Phase.FLOOD), 99) <= 3 * before ? "yes" : "no",
                percentile(sorted(Phase.UNTRACKED_FLOOD), 99) / before);
        System.out.printf("ordinary page views sent and answered 204, by page: %s%n", expected);
        System.out.printf("the day's topPages (%d entries), first %d and last:%n", topPages.size(),
                Math.min(12, topPages.size()));
        topPages.subList(0, Math.min(12, topPages.size())).forEach(page -> System.out.println("  " + page));
        if (!topPages.isEmpty()) {
            System.out.println("  … " + topPages.get(topPages.size() - 1));
        }
        System.out.printf("records in PocketBase: %d events, %d sessions, %d visitors, %d js_errors%n",
                admin.count("events"), admin.count("sessions"), admin.count("visitors"), admin.count("js_errors"));
    }

    private long[] sorted(Phase during) {
        return latencies.get(during).stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** The {@code percent} percentile of sorted nanoseconds, in milliseconds. */
    private static double percentile(long[] sorted, double percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static Map<Integer, Long> sums(Map<Integer, LongAdder> counts) {
        Map<Integer, Long> sums = new TreeMap<>();
        counts.forEach((status, count) -> sums.put(status, count.sum()));
        return sums;
    }

    /** Waits {@code duration}: the pace of a load driver, not a wait for anything to happen. */
    private static void pause(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
