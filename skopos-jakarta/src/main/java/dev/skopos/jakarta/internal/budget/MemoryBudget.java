package dev.skopos.jakarta.internal.budget;

import dev.skopos.jakarta.internal.visitors.Footprint;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * One budget, in bytes, for everything the tracker holds in memory while PocketBase has not taken it yet:
 * queued records, live sessions, merged JS error reports, summary gains. The tracker runs inside somebody
 * else's server, so past the budget new data is refused (and counted by the caller) instead of growing the
 * heap; the first refusal of an episode logs a warning, the end of the episode one more line. Sizes are
 * estimates of the Java objects held, see {@link Footprint}.
 */
public final class MemoryBudget {
    private static final Logger LOG = Logger.getLogger(MemoryBudget.class.getName());
    /** An episode ends once use falls this far below the limit, so a budget hovering at its edge logs once. */
    private static final double EPISODE_END = 0.9;

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    /** What fixed tables and caches took for good at start. */
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong refusedInEpisode = new AtomicLong();
    private final AtomicBoolean inEpisode = new AtomicBoolean();

    public MemoryBudget(long limitBytes) {
        this.limit = limitBytes;
    }

    /** Takes {@code bytes} from the budget if they fit; false (nothing taken) if they do not. */
    public boolean tryTake(long bytes) {
        long now;
        do {
            now = used.get();
            if (now + bytes > limit) {
                refused();
                return false;
            }
        } while (!used.compareAndSet(now, now + bytes));
        return true;
    }

    /**
     * Takes {@code bytes} whether or not they fit: for data already accepted that comes back to memory, such
     * as reports PocketBase failed to take, which must not be lost.
     */
    public void take(long bytes) {
        used.addAndGet(bytes);
    }

    /** Takes {@code bytes} as {@code admission} says: if they fit, or whether they fit or not; true if taken. */
    public boolean take(long bytes, Admission admission) {
        if (admission == Admission.ACCEPTED) {
            take(bytes);
            return true;
        }
        return tryTake(bytes);
    }

    /** Takes {@code bytes} for good, for tables and caches whose bound is fixed at start. */
    public void reserve(long bytes) {
        reserved.addAndGet(bytes);
        used.addAndGet(bytes);
    }

    public void give(long bytes) {
        long now = used.addAndGet(-bytes);
        if (now < limit * EPISODE_END && inEpisode.compareAndSet(true, false)) {
            LOG.info("Skopos memory use is back under its budget; " + refusedInEpisode.getAndSet(0)
                    + " events were dropped while it was full");
        }
    }

    public long used() {
        return used.get();
    }

    /** Bytes not taken; negative while takes of data already accepted hold more than the budget. */
    public long available() {
        return limit - used.get();
    }

    /**
     * Whether less than a quarter is left of what the fixed reservations leave: what remains is best kept for
     * visitors already known.
     */
    public boolean nearlyFull() {
        long room = limit - reserved.get();
        return used.get() - reserved.get() > room - room / 4;
    }

    private void refused() {
        refusedInEpisode.incrementAndGet();
        if (inEpisode.compareAndSet(false, true)) {
            LOG.warning("Skopos reached its memory budget of " + limit / (1024 * 1024) + " MB (skopos.memory-budget)"
                    + " while PocketBase is slow or away; new events are dropped until it drains");
        }
    }
}
