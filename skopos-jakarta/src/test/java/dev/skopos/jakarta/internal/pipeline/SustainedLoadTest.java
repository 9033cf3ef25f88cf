package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.config.SkoposConfigReader;
import dev.skopos.jakarta.testing.DashboardLayout;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.awaitility.Awaitility.await;

/**
 * A minute of steady traffic from a few client threads (page views of many visitors and pages, custom events,
 * a few recurring JS errors) with batching on, against a real PocketBase. Sampled while it runs: the daily
 * summary and the JS error counts never fall more than two of their flush intervals behind what was accepted,
 * no kind of flush is ever pending twice, and no thread parks on the writer's lock. Afterwards every accepted
 * event is stored exactly once and the delivery counts add up.
 */
class SustainedLoadTest {
    private static final Duration LOAD = Duration.ofMinutes(1);
    private static final int CLIENTS = 3;
    /** Events sent a second, by all clients together: a rate PocketBase keeps up with on two busy cores. */
    private static final int RATE = 40;
    /**
     * Events sent, and written, before the minute starts: the minute then measures the writer in its stride,
     * not the JVM compiling the code on the write path.
     */
    private static final int WARM_UP_EVENTS = 200;
    private static final Duration BATCH_INTERVAL = Duration.ofSeconds(2);
    private static final int BATCH_SIZE = 100;
    private static final Duration JS_ERROR_INTERVAL = Duration.ofSeconds(3);
    /** How often the writer adds the summary gains to PocketBase ({@code Pipeline.SUMMARY_INTERVAL}). */
    private static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(5);
    private static final Duration CHECK_PERIOD = Duration.ofSeconds(1);
    /**
     * How often accepted counts are recorded and threads looked at: a thread parked on the writer would wait
     * about as long as a write takes, a few milliseconds to a second under this load.
     */
    private static final Duration WATCH_PERIOD = Duration.ofMillis(50);
    /** Visitors browsing at any time; every tenth event is the first of a newly arrived one. */
    private static final int VISITORS = 40;
    private static final int PAGES = 40;
    private static final List<String> CUSTOM_EVENTS = List.of("signup", "download", "search");
    private static final List<String> JS_ERRORS = List.of("TypeError: a is undefined",
            "ReferenceError: b is not defined", "RangeError: invalid array length");
    private static final Instant MORNING = Instant.parse("2026-03-10T09:00:00Z");
    private static final String DAY = "2026-03-10";

    private final OneShotCountingScheduler scheduler = new OneShotCountingScheduler(2);
    private final ScheduledExecutorService clients = Executors.newScheduledThreadPool(CLIENTS);
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
    private final List<Accepted> history = new ArrayList<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger violationCount = new AtomicInteger();
    private PocketBaseServer pocketBase;
    private TrackerHarness tracker;
    private Traffic traffic;
    private long loadStarted;

    /** The events accepted so far, as the watcher recorded them at {@code at} ({@link System#nanoTime()}). */
    private record Accepted(long at, long pageViews, long jsErrors) {
    }

    @BeforeEach
    void start() {
        pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38);
        tracker = TrackerHarness.batching(pocketBase, BATCH_INTERVAL, BATCH_SIZE, JS_ERROR_INTERVAL, scheduler);
        tracker.clock().set(MORNING);
        traffic = new Traffic();
    }

    @AfterEach
    void stop() throws InterruptedException {
        stopNow(clients);
        stopNow(watcher);
        if (tracker != null) {
            tracker.close();
        }
        pocketBase.close();
    }

    @Test
    void summariesStayCurrentAndEveryEventIsStoredOnceThroughAMinuteOfSteadyTraffic() throws InterruptedException {
        for (int i = 0; i < WARM_UP_EVENTS; i++) {
            traffic.sendNext();
        }
        tracker.flush();
        scheduler.startCounting();
        loadStarted = System.nanoTime();
        long sendPeriod = TimeUnit.SECONDS.toMicros(1) * CLIENTS / RATE;
        for (int client = 0; client < CLIENTS; client++) {
            clients.scheduleAtFixedRate(traffic::sendNext, sendPeriod * client / CLIENTS, sendPeriod,
                    TimeUnit.MICROSECONDS);
        }
        watcher.scheduleAtFixedRate(this::watch, 0, WATCH_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        int checks = 0;
        for (long next = loadStarted + CHECK_PERIOD.toNanos(); next < loadStarted + LOAD.toNanos();
             next += CHECK_PERIOD.toNanos()) {
            TimeUnit.NANOSECONDS.sleep(next - System.nanoTime());
            checkStoredFiguresAreCurrent();
            checks++;
        }
        stopAndWait(clients);
        stopAndWait(watcher);
        tracker.flush();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Delivery delivery = tracker.core().status().delivery();
            assertThat(delivery.queued()).as("events queued after the flush").isZero();
            assertThat(delivery.accepted()).as("accepted = written + dropped + queued: %s", delivery)
                    .isEqualTo(delivery.written() + delivery.droppedAfterAcceptance() + delivery.queued());
        });
        long pageViews = traffic.pageViews.get();
        long customEvents = traffic.customEvents.get();
        long jsErrors = traffic.jsErrors.get();
        Delivery delivery = tracker.core().status().delivery();
        JsonObject summary = new PocketBaseView(pocketBase).summaryOf(DAY);
        int sampledChecks = checks;
        assertSoftly(softly -> {
            softly.assertThat(traffic.refused).as("events the tracker refused").hasValue(0);
            softly.assertThat(pageViews + customEvents + jsErrors).as("events accepted")
                    .isGreaterThanOrEqualTo(WARM_UP_EVENTS + LOAD.toSeconds() * RATE * 9 / 10);
            softly.assertThat(delivery.accepted()).isEqualTo(pageViews + customEvents + jsErrors);
            softly.assertThat(delivery.written()).as("written: %s", delivery).isEqualTo(delivery.accepted());
            softly.assertThat(pocketBase.admin().count("events")).as("stored events")
                    .isEqualTo(pageViews + customEvents);
            softly.assertThat(storedJsErrors()).as("stored JS error counts").isEqualTo(jsErrors);
            softly.assertThat(figure(summary, "pageViews")).as("summary page views").isEqualTo(pageViews);
            softly.assertThat(figure(summary, "jsErrors")).as("summary JS errors").isEqualTo(jsErrors);
            softly.assertThat(sampledChecks).as("checks of the stored figures").isGreaterThan(50);
            // each lane's queue and sessions, the JS errors and the summaries: one pending flush of each at most
            softly.assertThat(scheduler.mostWaiting()).as("most flushes waiting at once")
                    .isLessThanOrEqualTo(2 * SkoposConfigReader.DEFAULT_WRITE_CONCURRENCY + 2);
            softly.assertThat(violations).as("seen while the load ran (%d in all)", violationCount.get())
                    .isEmpty();
        });
    }

    /** The clients' traffic, and how many events of each kind the tracker accepted. */
    private final class Traffic {
        final AtomicReferenceArray<RequestInfo> visitors = new AtomicReferenceArray<>(
                IntStream.range(0, VISITORS).mapToObj(i -> browser(newIp())).toArray(RequestInfo[]::new));
        final AtomicLong sent = new AtomicLong();
        final AtomicLong pageViews = new AtomicLong();
        final AtomicLong customEvents = new AtomicLong();
        final AtomicLong jsErrors = new AtomicLong();
        final AtomicLong refused = new AtomicLong();

        /** One event of the mix: per 20, 17 page views, 2 custom events and a JS error. */
        void sendNext() {
            try {
                long n = sent.getAndIncrement();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int slot = random.nextInt(VISITORS);
                if (n % 10 == 9) {
                    visitors.set(slot, browser(newIp()));
                }
                RequestInfo visitor = visitors.get(slot);
                JsonObjectBuilder event = Json.createObjectBuilder()
                        .add("url", "https://example.com/docs/" + random.nextInt(PAGES));
                if (n % 20 == 0) {
                    send(visitor, event.add("type", "jsError")
                            .add("errorMessage", JS_ERRORS.get(random.nextInt(JS_ERRORS.size()))), jsErrors);
                } else if (n % 10 == 5) {
                    send(visitor, event.add("type", "custom")
                            .add("name", CUSTOM_EVENTS.get(random.nextInt(CUSTOM_EVENTS.size()))), customEvents);
                } else {
                    send(visitor, event.add("type", "pageView"), pageViews);
                }
            } catch (RuntimeException e) {
                // a periodic task that throws is never run again: record it instead
                note("a client's event failed: " + e);
            }
        }

        private void send(RequestInfo visitor, JsonObjectBuilder event, AtomicLong accepted) {
            if (tracker.track(visitor, event.build())) {
                accepted.incrementAndGet();
            } else {
                refused.incrementAndGet();
            }
        }
    }

    /** Records the accepted counts, and notes any thread parked on the writer's lock. */
    private void watch() {
        Accepted now = new Accepted(System.nanoTime(), traffic.pageViews.get(), traffic.jsErrors.get());
        synchronized (history) {
            history.add(now);
        }
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            parkedOnTheWritersLockIn(thread).ifPresent(caller -> note(String.format(Locale.ROOT,
                    "at %s %s waited on the writer's lock in %s", sinceStart(now.at()), thread.getThreadName(),
                    caller)));
        }
    }

    /**
     * Where a thread is parked taking a {@link ReentrantLock} for Skopos code, if it is; the writer's lock is
     * the library's only one. An idle scheduler thread waits on its work queue's condition instead, and one that
     * enters or leaves the queue may briefly wait on that queue's own {@code ReentrantLock}, taken by JDK code.
     */
    private static Optional<StackTraceElement> parkedOnTheWritersLockIn(ThreadInfo thread) {
        if (thread.getLockInfo() == null
                || !thread.getLockInfo().getClassName().startsWith(ReentrantLock.class.getName() + "$")) {
            return Optional.empty();
        }
        return Arrays.stream(thread.getStackTrace())
                .filter(frame -> !frame.getClassName().startsWith("java.util.concurrent.locks.")
                        && !frame.getClassName().startsWith("jdk.internal."))
                .findFirst().filter(caller -> caller.getClassName().startsWith("dev.skopos."));
    }

    /** Keeps what went wrong while the load ran; the first few, so that a failure stays readable. */
    private void note(String violation) {
        if (violationCount.getAndIncrement() < 20) {
            violations.add(violation);
        }
    }

    /**
     * Reads the day's summary page views and the stored JS error counts, and notes where either covers less
     * than was accepted two of its flush intervals before, or more than was accepted at all.
     */
    private void checkStoredFiguresAreCurrent() {
        long readAt = System.nanoTime();
        List<JsonObject> day = pocketBase.admin().list("dash_sum", "date = '" + DAY + " 00:00:00.000Z'");
        long summaryPageViews = day.isEmpty() ? 0 : figure(day.get(0).getJsonObject("summary"), "pageViews");
        long storedJsErrors = storedJsErrors();
        checkBehind("the summary's page views", summaryPageViews, Accepted::pageViews,
                SUMMARY_INTERVAL.multipliedBy(2), readAt);
        checkBehind("the stored JS error counts", storedJsErrors, Accepted::jsErrors,
                JS_ERROR_INTERVAL.multipliedBy(2), readAt);
        if (summaryPageViews > traffic.pageViews.get() || storedJsErrors > traffic.jsErrors.get()) {
            note(String.format(Locale.ROOT, "at %s PocketBase held %d page views and %d JS errors, more "
                    + "than accepted", sinceStart(readAt), summaryPageViews, storedJsErrors));
        }
    }

    private void checkBehind(String figure, long stored, ToLongFunction<Accepted> accepted, Duration most,
                             long readAt) {
        Accepted firstMissing;
        synchronized (history) {
            firstMissing = history.stream().filter(sample -> accepted.applyAsLong(sample) > stored).findFirst()
                    .orElse(null);
        }
        if (firstMissing != null && readAt - firstMissing.at() > most.toNanos()) {
            note(String.format(Locale.ROOT, "at %s %s (%d) lacked events accepted %d ms before",
                    sinceStart(readAt), figure, stored, (readAt - firstMissing.at()) / 1_000_000));
        }
    }

    private long storedJsErrors() {
        return pocketBase.admin().list("js_errors", null).stream().mapToLong(error -> figure(error, "count")).sum();
    }

    private static long figure(JsonObject object, String name) {
        return object.get(name) instanceof JsonNumber number ? number.longValue() : 0;
    }

    private String sinceStart(long nanoTime) {
        return String.format(Locale.ROOT, "%.1f s", (nanoTime - loadStarted) / 1e9);
    }

    private static void stopAndWait(ExecutorService executor) throws InterruptedException {
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).as("stopped").isTrue();
    }

    private static void stopNow(ExecutorService executor) throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
