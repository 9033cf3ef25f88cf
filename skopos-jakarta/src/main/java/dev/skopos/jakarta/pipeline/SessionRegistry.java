package dev.skopos.jakarta.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The current session of each recent visitor, bounded in size (least recently active first out) and in age
 * (sessions idle past the timeout are replaced on the next event and swept periodically).
 */
final class SessionRegistry {
    private final Duration timeout;
    private final int capacity;
    private final Consumer<LiveSession> ended;
    private final LinkedHashMap<String, LiveSession> byVisitor = new LinkedHashMap<>(256, 0.75f, true);

    /** {@code ended} hears of every session that ends: replaced after the timeout, evicted, swept or closed. */
    SessionRegistry(Duration timeout, int capacity, Consumer<LiveSession> ended) {
        this.timeout = timeout;
        this.capacity = capacity;
        this.ended = ended;
    }

    /** The visitor's active session, or a new one started now from {@code start}. */
    synchronized LiveSession sessionFor(String visitorId, Instant now, Supplier<SessionStart> start) {
        LiveSession current = byVisitor.get(visitorId);
        if (current == null || current.isExpired(now, timeout)) {
            if (current != null) {
                ended.accept(current);
            }
            current = new LiveSession(start.get(), now);
            byVisitor.put(visitorId, current);
            if (byVisitor.size() > capacity) {
                Iterator<LiveSession> eldest = byVisitor.values().iterator();
                ended.accept(eldest.next());
                eldest.remove();
            }
        }
        return current;
    }

    /** Ends sessions idle past the timeout. */
    synchronized void sweep(Instant now) {
        byVisitor.values().removeIf(session -> {
            boolean expired = session.isExpired(now, timeout);
            if (expired) {
                ended.accept(session);
            }
            return expired;
        });
    }

    /** Ends every session, as at shutdown. */
    synchronized void endAll() {
        byVisitor.values().forEach(ended);
        byVisitor.clear();
    }
}
