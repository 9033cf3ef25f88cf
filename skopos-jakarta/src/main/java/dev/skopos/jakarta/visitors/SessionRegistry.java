package dev.skopos.jakarta.visitors;

import dev.skopos.jakarta.queue.MemoryBudget;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
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
    private final SharedVisits shared;

    /**
     * {@code ended} hears of every session that ends: replaced after the timeout, evicted, swept or closed. With
     * {@code shared} sessions, it hears when this instance lets go of one: whether it is over for all is
     * decided where its end is counted ({@link SharedVisits#claimEnd}).
     */
    public SessionRegistry(Duration timeout, int capacity, MemoryBudget memory, Consumer<LiveSession> ended,
                           Optional<SharedVisits> shared) {
        this.timeout = timeout;
        this.capacity = capacity;
        this.memory = memory;
        this.ended = ended;
        this.shared = shared.orElse(null);
    }

    /**
     * The visitor's active session, or a new one started now from {@code start}, recording an event on
     * {@code path}; null when a new one does not fit the memory budget. With shared sessions, a session this
     * instance holds live goes on at once, its shared entry told behind the request; any other comes from the
     * shared entry (one read and one atomic replace in the engine), outside this registry's lock, unless the
     * engine failed its last call: then from this registry alone.
     */
    public LiveSession sessionFor(String visitorId, String path, Instant now, Supplier<SessionStart> start) {
        if (shared == null) {
            return localSessionFor(visitorId, now, start);
        }
        LiveSession held = liveSession(visitorId, now);
        if (held != null) {
            shared.recordEventBehind(visitorId, held.recordId(), path, now);
            return held;
        }
        SessionStart local = start.get();
        Optional<SharedVisit> recorded = shared.orAloneAtOnce(
                () -> Optional.of(shared.recordEvent(visitorId, path, now, local)), Optional::empty);
        if (recorded.isEmpty()) {
            return localSessionFor(visitorId, now, () -> local);
        }
        SharedVisit visit = recorded.get();
        synchronized (this) {
            LiveSession current = byVisitor.get(visitorId);
            if (current != null && current.recordId().equals(visit.id())) {
                return current;
            }
            return admit(visitorId, current, new LiveSession(visit.startFor(local), visit.startedAt(), visit.id()));
        }
    }

    private synchronized LiveSession liveSession(String visitorId, Instant now) {
        LiveSession current = byVisitor.get(visitorId);
        return current != null && !current.isExpired(now, timeout) ? current : null;
    }

    /** Records in the shared entries, on the calling thread, the events still waiting to be. */
    public void shareWaitingEvents() {
        if (shared != null) {
            shared.sendWaitingEvents();
        }
    }

    private synchronized LiveSession localSessionFor(String visitorId, Instant now, Supplier<SessionStart> start) {
        LiveSession live = liveSession(visitorId, now);
        return live != null ? live : admit(visitorId, byVisitor.get(visitorId), new LiveSession(start.get(), now));
    }

    /** Makes {@code started} the visitor's session in place of {@code replaced}, if it fits the budget. */
    private LiveSession admit(String visitorId, LiveSession replaced, LiveSession started) {
        if (replaced != null) {
            byVisitor.remove(visitorId);
            end(replaced);
        }
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
