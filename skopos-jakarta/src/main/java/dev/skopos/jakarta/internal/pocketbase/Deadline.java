package dev.skopos.jakarta.internal.pocketbase;

import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The moment by which a request must have its whole answer, however the time is spent: connecting, waiting,
 * reading.
 */
final class Deadline {
    private final Duration length;
    private final long endNanos;

    private Deadline(Duration length) {
        this.length = length;
        this.endNanos = System.nanoTime() + length.toNanos();
    }

    static Deadline after(Duration length) {
        return new Deadline(length);
    }

    /**
     * The milliseconds left, at least one, to wait at most that long for the next step.
     *
     * @throws SocketTimeoutException once the deadline has passed
     */
    int remainingMillis() throws SocketTimeoutException {
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("no complete answer within " + length.toMillis() + " ms");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
    }
}
