package dev.skopos.jakarta.internal.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which one of several instances does a job that must be done by one at a time, kept in a {@link SharedMap}
 * entry: {@code <holder> <renewals>}. The holder renews it each time it asks; another instance takes it over
 * once it has seen the entry unchanged for a whole term, measured on its own clock, so that the instances'
 * clocks need not agree. The count goes on across a takeover, so that no value comes back while the entry
 * lives: an instance that saw one long ago never takes a new holder's lease for the old one unchanged. A
 * holder that stalls may still have a write in flight when its lease is taken over; the writers wait for it
 * ({@code InFlightWrites}). Not thread-safe: one caller per instance.
 */
public final class WriterLease {
    private final SharedMap map;
    private final String key;
    private final String holder;
    private final Duration term;
    private final Clock clock;
    private String lastSeen;
    private Instant lastSeenSince;

    /** {@code holder} names this instance; it must differ from every other instance's. */
    public WriterLease(SharedMap map, String key, String holder, Duration term, Clock clock) {
        if (holder.contains(" ")) {
            throw new IllegalArgumentException("a lease holder's name has no spaces");
        }
        this.map = map;
        this.key = key;
        this.holder = holder;
        this.term = term;
        this.clock = clock;
    }

    /** Whether this instance holds the lease now: renewed if it did, taken if it was free or abandoned. */
    public boolean hold() {
        return SharedStateException.guarding(map, this::renewOrTake);
    }

    private boolean renewOrTake() {
        Optional<String> current = map.get(key);
        if (current.isEmpty()) {
            return map.putIfAbsent(key, entry(0));
        }
        String seen = current.get();
        int space = seen.indexOf(' ');
        long next = Long.parseLong(seen.substring(space + 1)) + 1;
        if (seen.substring(0, space).equals(holder)) {
            return map.replace(key, seen, entry(next));
        }
        Instant now = clock.instant();
        if (!seen.equals(lastSeen)) {
            lastSeen = seen;
            lastSeenSince = now;
            return false;
        }
        return Duration.between(lastSeenSince, now).compareTo(term) >= 0 && map.replace(key, seen, entry(next));
    }

    /** This instance's name in the lease. */
    public String holder() {
        return holder;
    }

    /** Gives the lease up if this instance holds it, so another can take it at once. */
    public void release() {
        SharedStateException.guarding(map, () -> map.get(key).filter(seen -> seen.startsWith(holder + " "))
                .map(seen -> map.remove(key, seen)));
    }

    /** Names the engine the lease is kept in, for log messages. */
    String engine() {
        return map.describe();
    }

    private String entry(long renewals) {
        return holder + " " + renewals;
    }
}
