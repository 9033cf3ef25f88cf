package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.cluster.SharedEntry;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which of a shared entry's unconfirmed writes this instance, as the holder of the writer lease, may send now.
 * Each write is marked in the entry with its sender before it goes out ({@link SharedWrites#sending()}), and the
 * mark stays until PocketBase answers. A write another instance marked and never saw answered may still land,
 * however long ago that instance lost the lease: sending the key meanwhile would let the late landing of the
 * older whole value undo what was written since. So this instance leaves such a key until the mark is gone, or
 * until {@link #LIMIT} after it first saw the mark, which no write stays in flight for (PocketBase's client
 * gives up after 5 s without a connection and 15 s without an answer). Not thread-safe: for the writer's one
 * flushing thread.
 *
 * @param <U> a write of a key's record as sent
 * @param <S> the entry's value
 */
final class InFlightWrites<U, S extends SharedWrites<?, U, S>> {
    /** Longer than any write of this tracker stays in flight. */
    static final Duration LIMIT = Duration.ofSeconds(60);

    /** Another instance's mark on a key, and when this one first saw it. */
    private record Seen(String sender, Instant since) {
    }

    private final SharedEntry<S> entry;
    private final String self;
    private final Clock clock;
    private final Map<String, Seen> othersMarks = new HashMap<>();

    /** @param self this instance's name as the lease holder */
    InFlightWrites(SharedEntry<S> entry, String self, Clock clock) {
        this.entry = entry;
        this.self = self;
        this.clock = clock;
    }

    /** This instance's name in the marks, for writes it moves and marks in one change. */
    String self() {
        return self;
    }

    /**
     * Marks the key's unconfirmed {@code write} as this instance's before it sends it; false when the entry no
     * longer holds it, or another instance's request of it may still land.
     */
    boolean claim(String key, U write) {
        S now = entry.read();
        othersMarks.entrySet().removeIf(mark -> !mark.getValue().sender().equals(now.sending().get(mark.getKey())));
        if (write.equals(now.unconfirmed().get(key)) && self.equals(now.sending().get(key))) {
            return true;
        }
        return entry.take(state -> write.equals(state.unconfirmed().get(key)) && mayOverride(key,
                        state.sending().get(key)) ? Optional.of(key) : Optional.empty(),
                (state, claimed) -> state.sentBy(claimed, self)).isPresent();
    }

    /**
     * Sends a claimed write of the key. When PocketBase answers with a failure, the request will not land later,
     * so the mark goes; without an answer it stays.
     */
    <T> T send(String key, Supplier<T> write) {
        try {
            return write.get();
        } catch (PocketBaseException e) {
            if (!e.isUnreachable()) {
                entry.update(state -> state.answered(key, self));
            }
            throw e;
        }
    }

    private boolean mayOverride(String key, String sender) {
        if (sender == null || sender.equals(self)) {
            othersMarks.remove(key);
            return true;
        }
        Instant now = clock.instant();
        Seen seen = othersMarks.get(key);
        if (seen == null || !seen.sender().equals(sender)) {
            othersMarks.put(key, new Seen(sender, now));
            return false;
        }
        if (Duration.between(seen.since(), now).compareTo(LIMIT) < 0) {
            return false;
        }
        othersMarks.remove(key);
        return true;
    }
}
