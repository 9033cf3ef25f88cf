package dev.skopos.jakarta.internal.intake;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Rate limits held as one number each, by the generic cell rate algorithm: a cell keeps the time at which its
 * next event is due if events come at exactly the rate. An event may come early by at most the burst
 * tolerance; each one taken moves the due time on by one interval. So a cell never needs a refill, a cell
 * never used (due at 0) holds a full burst, and a cell is as cheap to keep as a {@code long}. Thread-safe.
 */
final class RateCells {
    private final AtomicLongArray due;
    private final long intervalNanos;

    /** {@code count} cells, each letting one event through per {@code intervalNanos} on average. */
    RateCells(int count, long intervalNanos) {
        this.due = new AtomicLongArray(count);
        this.intervalNanos = intervalNanos;
    }

    /** The burst tolerance that lets {@code burst} events through at once. */
    long toleranceFor(long burst) {
        return (burst - 1) * intervalNanos;
    }

    /** Takes one event from {@code cell} at {@code nanos} if it is at most {@code toleranceNanos} early. */
    boolean take(int cell, long nanos, long toleranceNanos) {
        while (true) {
            long current = due.get(cell);
            long next = Math.max(current, nanos);
            if (next - nanos > toleranceNanos) {
                return false;
            }
            if (due.compareAndSet(cell, current, next + intervalNanos)) {
                return true;
            }
        }
    }

    int count() {
        return due.length();
    }
}
