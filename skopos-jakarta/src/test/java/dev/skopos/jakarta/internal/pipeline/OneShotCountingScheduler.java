package dev.skopos.jakarta.internal.pipeline;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scheduler that counts its one-shot tasks ({@code schedule}, which {@code execute} and {@code submit} go
 * through too) waiting to start, and the most that ever waited at once. The writer schedules every flush as a
 * one-shot task and runs its timers with {@code scheduleWithFixedDelay}, which is not counted. A task stops
 * counting when it starts, not when it ends: a running flush that leaves more to write requests the next one
 * before it returns, and that one is pending while the first still runs. A task cancelled before it starts
 * stays counted.
 */
final class OneShotCountingScheduler extends ScheduledThreadPoolExecutor {
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger mostWaiting = new AtomicInteger();

    OneShotCountingScheduler(int threads) {
        super(threads);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        mostWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
        try {
            return super.schedule(() -> {
                waiting.decrementAndGet();
                command.run();
            }, delay, unit);
        } catch (RejectedExecutionException e) {
            waiting.decrementAndGet();
            throw e;
        }
    }

    /** The most one-shot tasks that waited at once since the last {@link #startCounting()}. */
    int mostWaiting() {
        return mostWaiting.get();
    }

    /** Forgets the most that waited so far, such as the tracker's first connection attempt. */
    void startCounting() {
        mostWaiting.set(waiting.get());
    }
}
