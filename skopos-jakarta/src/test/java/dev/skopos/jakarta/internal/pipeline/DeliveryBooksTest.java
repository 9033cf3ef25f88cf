package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery counts always balance: {@code accepted = written + dropped after acceptance + queued} at every quiet
 * moment, through shutdown with threads tracking while the drain runs, and for events that arrive before the
 * website is first loaded. Every accepted event is written or counted as given up; none is written twice.
 */
class DeliveryBooksTest {
    private static final int THREADS = 8;

    /** Tracks page views on several threads, each of its own visitors, until stopped; counts what was accepted. */
    private static final class Traffic implements AutoCloseable {
        private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        private final LongAdder accepted = new LongAdder();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final List<Future<?>> running;

        Traffic(TrackerHarness tracker) {
            running = IntStream.range(0, THREADS).<Future<?>>mapToObj(thread -> threads.submit(() -> {
                List<String> visitors = IntStream.range(0, 20).mapToObj(i -> newIp()).toList();
                for (int i = 0; !stopped.get(); i++) {
                    if (tracker.track(browser(visitors.get(i % visitors.size())), pageView("/" + i).build())) {
                        accepted.increment();
                    }
                }
            })).toList();
        }

        long accepted() {
            return accepted.sum();
        }

        @Override
        public void close() throws Exception {
            stopped.set(true);
            for (Future<?> thread : running) {
                thread.get();
            }
            threads.shutdown();
        }
    }

    /** A test's way of draining the tracker. */
    @FunctionalInterface
    private interface Drain {
        void run() throws Exception;
    }

    /**
     * Keeps several threads tracking from before {@code drain} begins, once {@code first} events were accepted,
     * until it ends; returns how many events they had accepted.
     */
    private static long acceptedWhileDraining(TrackerHarness tracker, int first, Drain drain) throws Exception {
        Traffic traffic = new Traffic(tracker);
        try (traffic) {
            await().atMost(Duration.ofSeconds(10)).until(() -> traffic.accepted() >= first);
            drain.run();
        }
        return traffic.accepted();
    }

    private static void assertBalanced(Delivery books, long accepted) {
        assertThat(books.accepted()).as("accepted").isEqualTo(accepted);
        assertThat(books.queued()).as("queued once drained").isZero();
        assertThat(books.written() + books.droppedAfterAcceptance()).as("written and given up").isEqualTo(accepted);
    }

    @Test
    void manyThreadsTrackingWhileTheDrainRunsLeaveEveryAcceptedEventWrittenOnce() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            TrackerHarness tracker = TrackerHarness.immediate(pocketBase);
            long accepted = acceptedWhileDraining(tracker, 300, tracker::close);

            Delivery books = tracker.core().status().delivery();
            assertBalanced(books, accepted);
            assertThat(books.written()).isEqualTo(accepted);
            assertThat(pocketBase.admin().count("events")).isEqualTo(accepted);
        }
    }

    @Test
    void whenTheDrainRunsOutOfTimeWhatIsLeftIsCountedAsShutdownAndNoLongerAsQueued() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            TrackerHarness tracker = TrackerHarness.immediate(pocketBase);
            long accepted = acceptedWhileDraining(tracker, 3000, () -> {
                CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> tracker.core().close());
                // PocketBase goes away while the drain writes: the rest waits for it until the drain's time is up
                await().atMost(Duration.ofSeconds(10)).until(() -> tracker.pipeline().delivery().written() >= 100);
                pocketBase.stop();
                drain.get();
                tracker.close();
            });

            Delivery books = tracker.core().status().delivery();
            assertBalanced(books, accepted);
            assertThat(books.dropped().get(DropReason.SHUTDOWN)).isPositive();
            pocketBase.restart();
            // a write whose answer the stop cut off may be stored though counted as given up; none is stored twice
            assertThat((long) pocketBase.admin().count("events")).isBetween(books.written(), accepted);
        }
    }

    @Test
    void aCallUnderWayWhenTheDrainBeginsIsWaitedForAndWritten() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             TrackerHarness tracker = TrackerHarness.immediate(pocketBase)) {
            // the application's data is a lazily loaded list, whose loading holds the call up
            CountDownLatch loading = new CountDownLatch(1);
            CountDownLatch loaded = new CountDownLatch(1);
            Iterable<String> lazyItems = () -> {
                loading.countDown();
                awaitQuietly(loaded);
                return List.of("book", "pen").iterator();
            };
            CompletableFuture<Boolean> call = CompletableFuture.supplyAsync(() -> tracker.trackServerEvent(
                    Optional.empty(), "order", Map.of("items", lazyItems)));
            loading.await();

            CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> tracker.core().close());
            LongAdder probesAccepted = new LongAdder();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                boolean accepted = tracker.trackServerEvent(Optional.empty(), "probe", Map.of());
                if (accepted) {
                    probesAccepted.increment();
                }
                return !accepted;
            });
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> !drain.isDone());

            loaded.countDown();
            assertThat(call.get()).isTrue();
            drain.get();

            Delivery books = tracker.core().status().delivery();
            assertBalanced(books, 1 + probesAccepted.sum());
            assertThat(books.written()).isEqualTo(1 + probesAccepted.sum());
            assertThat(pocketBase.admin().list("events", "eventName = 'order'")).hasSize(1);
        }
    }

    @Test
    void eventsBeforeTheWebsiteLoadsAreAcceptedChargedToTheBudgetAndWrittenOnceItLoads() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            pocketBase.stop();
            try (TrackerHarness tracker = TrackerHarness.startingWhilePocketBaseIsDown(pocketBase)) {
                long memoryBefore = tracker.pipeline().memoryUsed();
                for (int i = 0; i < 20; i++) {
                    assertThat(tracker.track(browser(newIp()), pageView("/early/" + i).build())).isTrue();
                }
                // a page of another domain: the website's settings, once loaded, turn it away
                assertThat(tracker.track(browser(newIp()), pageView("/elsewhere").add("url",
                        "https://another-site.example/elsewhere").build())).isTrue();
                assertThat(tracker.pipeline().identify(Optional.of(browser(newIp())), "early-user", Map.of()))
                        .isTrue();

                Delivery waiting = tracker.pipeline().delivery();
                assertThat(waiting.accepted()).isEqualTo(22);
                assertThat(waiting.queued()).isEqualTo(22);
                assertThat(tracker.pipeline().memoryUsed()).as("charged to the budget").isGreaterThan(memoryBefore);

                pocketBase.restart();
                await().atMost(Duration.ofSeconds(40)).until(() -> tracker.core().status().connected());
                tracker.flush();

                Delivery books = tracker.pipeline().delivery();
                assertThat(books.accepted()).isEqualTo(22);
                assertThat(books.queued()).isZero();
                assertThat(books.written()).isEqualTo(21);
                assertThat(books.dropped()).containsEntry(DropReason.FILTERED_AFTER_LOAD, 1L)
                        .containsEntry(DropReason.FILTERED, 0L);
                assertThat(pocketBase.admin().count("events")).isEqualTo(20);
            }
        }
    }

    @Test
    void eventsBeforeTheWebsiteLoadsAreCountedAsShutdownWhenItNeverDoes() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            pocketBase.stop();
            TrackerHarness tracker = TrackerHarness.startingWhilePocketBaseIsDown(pocketBase);
            long memoryBefore = tracker.pipeline().memoryUsed();
            for (int i = 0; i < 5; i++) {
                assertThat(tracker.track(browser(newIp()), pageView("/early/" + i).build())).isTrue();
            }
            tracker.close();

            Delivery books = tracker.pipeline().delivery();
            assertBalanced(books, 5);
            assertThat(books.dropped()).containsEntry(DropReason.SHUTDOWN, 5L);
            assertThat(tracker.pipeline().memoryUsed()).as("given back").isEqualTo(memoryBefore);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
