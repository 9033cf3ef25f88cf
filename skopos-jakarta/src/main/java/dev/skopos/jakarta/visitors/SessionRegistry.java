package dev.skopos.jakarta.visitors;

import dev.skopos.jakarta.queue.MemoryBudget;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The current session of each recent visitor, bounded in number (least recently active first out), in memory
 * (a new session that does not fit the budget is refused) and in age (sessions idle past the timeout are
 * replaced on the next event and swept periodically).
 */
public final class SessionRegistry {
    private final Duration timeout;
    private final int capacity;
    private final MemoryBudget memory;
    private final Consumer<LiveSession> ended;
    private final LinkedHashMap<String, LiveSession> byVisitor = new LinkedHashMap<>(256, 0.75f, true);

    /** {@code ended} hears of every session that ends: replaced after the timeout, evicted, swept or closed. */
    public SessionRegistry(Duration timeout, int capacity, MemoryBudget memory, Consumer<LiveSession> ended) {
        this.timeout = timeout;
        this.capacity = capacity;
        this.memory = memory;
        this.ended = ended;
    }

    /**
     * The visitor's active session, or a new one started now from {@code start}; null when a new one does not
     * fit the memory budget.
     */
    public synchronized LiveSession sessionFor(String visitorId, Instant now, Supplier<SessionStart> start) {
        LiveSession current = byVisitor.get(visitorId);
        if (current != null && !current.isExpired(now, timeout)) {
            return current;
        }
        if (current != null) {
            byVisitor.remove(visitorId);
            end(current);
        }
        LiveSession started = new LiveSession(start.get(), now);
        if (!memory.tryTake(started.footprint())) {
            return null;
        }
        byVisitor.put(visitorId, started);
        if (byVisitor.size() > capacity) {
            Iterator<LiveSession> eldest = byVisitor.values().iterator();
            LiveSession evicted = eldest.next();
            eldest.remove();
            end(evicted);
        }
        return started;
    }

    private void end(LiveSession session) {
        memory.give(session.footprint());
        ended.accept(session);
    }

    /** Ends sessions idle past the timeout. */
    public synchronized void sweep(Instant now) {
        byVisitor.values().removeIf(session -> {
            boolean expired = session.isExpired(now, timeout);
            if (expired) {
                end(session);
            }
            return expired;
        });
    }

    /** Ends every session, as at shutdown. */
    public synchronized void endAll() {
        byVisitor.values().forEach(this::end);
        byVisitor.clear();
    }
}
