package dev.skopos.jakarta.internal.pipeline;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The tracking calls under way, so that shutdown writes its last records only once every call that was let in
 * has queued what it accepted: a call enters, or finds the door shut; the drain shuts it and waits for those
 * inside. On the request path it costs an increment of a striped counter and a volatile read.
 */
final class TrackingCalls {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final LongAdder inside = new LongAdder();
    private volatile boolean shut;

    /** Whether a call may go on; if so, it must {@link #leave()} when done. False once the door is shut. */
    boolean enter() {
        inside.increment();
        // read after the increment: a drain that shut the door before it either sees this call, or is seen here
        if (shut) {
            inside.decrement();
            return false;
        }
        return true;
    }

    void leave() {
        inside.decrement();
    }

    /**
     * Lets no call in from now on and waits until the calls let in before have left, up to {@code timeout};
     * returns whether they all have.
     */
    boolean shutAndAwait(Duration timeout) {
        shut = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inside.sum() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }
}
