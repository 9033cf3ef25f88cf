package dev.skopos.jakarta.internal.queue;

import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.queue.FlushScheduler.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scheduling rules of the writer, with a writer that only records what it is asked to do: at most one
 * flush of each kind pending, no container thread waiting on the writer, every kind written between two
 * slices of a long queue, and a failing kind retried alone, whatever it throws.
 */
class FlushSchedulerTest {
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);
    private final ReentrantLock writerLock = new ReentrantLock();

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A writer whose queue flushes block until released, and which counts what it writes. */
    private static final class RecordingWriter implements FlushScheduler.Writer {
        final List<Kind> written = new CopyOnWriteArrayList<>();
        final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        final Map<Kind, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
        final Map<Kind, AtomicInteger> unforeseenFailuresLeft = new ConcurrentHashMap<>();
        volatile CountDownLatch queueGate = new CountDownLatch(0);
        volatile int moreQueueSlices;
        /** How long one queue slice takes, as writing its records to PocketBase would. */
        volatile long sliceMillis;

        @Override
        public boolean write(Kind kind) {
            if (kind == Kind.QUEUE) {
                try {
                    queueGate.await();
                    Thread.sleep(sliceMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            AtomicInteger failures = failuresLeft.get(kind);
            if (failures != null && failures.getAndDecrement() > 0) {
                throw new PocketBaseException(503, "unavailable");
            }
            AtomicInteger unforeseen = unforeseenFailuresLeft.get(kind);
            if (unforeseen != null && unforeseen.getAndDecrement() > 0) {
                throw new IllegalStateException("a fault nobody foresaw");
            }
            written.add(kind);
            return kind == Kind.QUEUE && moreQueueSlices-- > 0;
        }

        @Override
        public void failed(Kind kind, RuntimeException e) {
            failures.add(e);
        }

        @Override
        public void succeeded(Kind kind) {
        }

        long count(Kind kind) {
            return written.stream().filter(kind::equals).count();
        }
    }

    @Test
    void requestsWhileAFlushIsPendingOrRunningLeaveOnePendingFlushPerKind() {
        RecordingWriter writer = new RecordingWriter();
        writer.queueGate = new CountDownLatch(1);
        FlushScheduler flushes = new FlushScheduler(executor, writerLock, writer);

        flushes.request(Kind.QUEUE, Duration.ZERO);
        await().until(writerLock::isLocked);
        for (int i = 0; i < 1000; i++) {
            flushes.request(Kind.QUEUE, Duration.ZERO);
            flushes.request(Kind.SUMMARIES, Duration.ZERO);
            flushes.request(Kind.JS_ERRORS, Duration.ZERO);
        }

        await().until(() -> executor.getActiveCount() == 1 && executor.getQueue().isEmpty());
        assertThat(executor.getCompletedTaskCount()).as("one pending task per kind, each done at once")
                .isLessThanOrEqualTo(3);
        writer.queueGate.countDown();
        await().until(() -> !flushes.isPending(Kind.QUEUE) && !flushes.isPending(Kind.SUMMARIES)
                && !flushes.isPending(Kind.JS_ERRORS));
        assertThat(writer.count(Kind.QUEUE)).isEqualTo(2);
        assertThat(writer.count(Kind.SUMMARIES)).isEqualTo(1);
        assertThat(writer.count(Kind.JS_ERRORS)).isEqualTo(1);
    }

    @Test
    void aFlushThatFindsTheWriterBusyFreesItsThreadAndRunsBeforeTheWriterLetsGo() throws Exception {
        RecordingWriter writer = new RecordingWriter();
        writer.queueGate = new CountDownLatch(1);
        FlushScheduler flushes = new FlushScheduler(executor, writerLock, writer);
        flushes.request(Kind.QUEUE, Duration.ZERO);
        await().until(writerLock::isLocked);

        flushes.request(Kind.SUMMARIES, Duration.ZERO);
        CountDownLatch otherWork = new CountDownLatch(1);
        executor.execute(otherWork::countDown);

        assertThat(otherWork.await(5, TimeUnit.SECONDS)).as("the second thread is free again").isTrue();
        assertThat(writer.written).isEmpty();
        writer.queueGate.countDown();
        await().until(() -> writer.written.equals(List.of(Kind.QUEUE, Kind.SUMMARIES)));
    }

    @Test
    void summariesAreWrittenBetweenSlicesOfALongQueue() {
        RecordingWriter writer = new RecordingWriter();
        writer.moreQueueSlices = 200;
        writer.sliceMillis = 10;
        FlushScheduler flushes = new FlushScheduler(Executors.newSingleThreadScheduledExecutor(), writerLock,
                writer);

        flushes.request(Kind.QUEUE, Duration.ZERO);
        await().until(() -> writer.count(Kind.QUEUE) >= 5);
        flushes.request(Kind.SUMMARIES, Duration.ZERO);

        await().until(() -> writer.count(Kind.SUMMARIES) == 1);
        assertThat(writer.count(Kind.QUEUE)).as("summaries did not wait for the whole queue").isLessThan(200);
        await().until(() -> writer.count(Kind.QUEUE) == 201);
    }

    @Test
    void aFailingKindIsRetriedAloneWithBackoffAndStaysPendingMeanwhile() {
        RecordingWriter writer = new RecordingWriter();
        writer.failuresLeft.put(Kind.JS_ERRORS, new AtomicInteger(2));
        FlushScheduler flushes = new FlushScheduler(executor, writerLock, writer);

        flushes.request(Kind.JS_ERRORS, Duration.ZERO);
        flushes.request(Kind.QUEUE, Duration.ZERO);
        await().until(() -> writer.count(Kind.QUEUE) == 1);
        assertThat(flushes.isPending(Kind.JS_ERRORS)).as("waiting for its retry").isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> writer.count(Kind.JS_ERRORS) == 1);
        assertThat(writer.count(Kind.QUEUE)).isEqualTo(1);
    }

    @Test
    void aKindThatThrowsWhatNobodyForesawIsRetriedAsAnyFailureIsAndTheBlockingFlushReturns() {
        RecordingWriter writer = new RecordingWriter();
        writer.unforeseenFailuresLeft.put(Kind.SUMMARIES, new AtomicInteger(3));
        FlushScheduler flushes = new FlushScheduler(executor, writerLock, writer);

        assertThat(flushes.runNow(Kind.SUMMARIES)).as("the blocking flush, as the drain calls it").isFalse();
        flushes.request(Kind.SUMMARIES, Duration.ZERO);
        flushes.request(Kind.QUEUE, Duration.ZERO);

        await().atMost(Duration.ofSeconds(5)).until(() -> writer.count(Kind.SUMMARIES) == 1);
        assertThat(writer.failures).hasSize(3).allSatisfy(e -> assertThat(e).isInstanceOf(IllegalStateException.class));
        assertThat(writer.count(Kind.QUEUE)).as("the other kinds go on meanwhile").isEqualTo(1);
        assertThat(flushes.isPending(Kind.SUMMARIES)).isFalse();
    }
}
