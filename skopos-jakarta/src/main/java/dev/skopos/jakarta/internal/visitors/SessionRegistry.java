package dev.skopos.jakarta.internal.visitors;

import dev.skopos.jakarta.internal.budget.Admission;
import dev.skopos.jakarta.internal.budget.MemoryBudget;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The current session of each recent visitor, bounded by the memory budget alone, and in age (sessions idle
 * past the timeout are replaced on the next event and swept periodically). A live session is never ended early
 * while the budget has room; when a new session and its event do not fit, the least recently active sessions
 * are ended early to make room, if that makes enough, and counted ({@link #endedEarly()}); else the new one is
 * refused.
 */
public final class SessionRegistry {
    private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());

    private final Duration timeout;
    private final MemoryBudget memory;
    private final Consumer<LiveSession> ended;
    private final LinkedHashMap<String, LiveSession> byVisitor = new LinkedHashMap<>(256, 0.75f, true);
    /** What the sessions in {@link #byVisitor} take of the budget. */
    private long heldBytes;
    private final AtomicLong endedEarly = new AtomicLong();
    private final SharedVisits shared;

    /**
     * {@code ended} hears of every session that ends: replaced after the timeout, evicted, swept or closed. With
     * {@code shared} sessions, it hears when this instance lets go of one: whether it is over for all is
     * decided where its end is counted ({@link SharedVisits#claimEnd}).
     */
    public SessionRegistry(Duration timeout, MemoryBudget memory, Consumer<LiveSession> ended,
                           Optional<SharedVisits> shared) {
        this.timeout = timeout;
        this.memory = memory;
        this.ended = ended;
        this.shared = shared.orElse(null);
    }

    /**
     * The visitor's active session, or a new one started now from {@code start}, recording an event on
     * {@code path}; null when a new one does not fit the memory budget with the event's {@code eventBytes}, even
     * once older sessions made room, and {@code admission} asks for room. With shared sessions, a session this
     * instance holds live goes on at once, its shared entry told behind the request; any other comes from the
     * shared entry (one read and one atomic replace in the engine), outside this registry's lock, unless the
     * engine failed its last call: then from this registry alone.
     */
    public LiveSession sessionFor(String visitorId, String path, Instant now, long eventBytes, Admission admission,
                                  Supplier<SessionStart> start) {
        if (shared == null) {
            return localSessionFor(visitorId, now, eventBytes, admission, start);
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
            return localSessionFor(visitorId, now, eventBytes, admission, () -> local);
        }
        SharedVisit visit = recorded.get();
        synchronized (this) {
            LiveSession current = byVisitor.get(visitorId);
            if (current != null && current.recordId().equals(visit.id())) {
                return current;
            }
            return admit(visitorId, current, new LiveSession(visit.startFor(local), visit.startedAt(), visit.id()),
                    eventBytes, admission);
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

    /**
     * The visitor's live session, or one started from {@code start}, which is asked outside the lock: it may
     * analyse a user agent seen for the first time, which takes long enough to hold up every other call.
     */
    private LiveSession localSessionFor(String visitorId, Instant now, long eventBytes, Admission admission,
                                        Supplier<SessionStart> start) {
        LiveSession live = liveSession(visitorId, now);
        if (live != null) {
            return live;
        }
        SessionStart started = start.get();
        synchronized (this) {
            // another call of the same visitor may have started the session meanwhile
            live = liveSession(visitorId, now);
            return live != null ? live
                    : admit(visitorId, byVisitor.get(visitorId), new LiveSession(started, now), eventBytes, admission);
        }
    }

    /**
     * Makes {@code started} the visitor's session in place of {@code replaced}, if it fits the budget with
     * {@code eventBytes} more, once the least recently active sessions made room if they can, or if
     * {@code admission} takes it anyway.
     */
    private LiveSession admit(String visitorId, LiveSession replaced, LiveSession started, long eventBytes,
                              Admission admission) {
        if (replaced != null) {
            byVisitor.remove(visitorId);
            end(replaced);
        }
        makeRoom(started.footprint() + eventBytes);
        if (!memory.take(started.footprint(), admission)) {
            return null;
        }
        byVisitor.put(visitorId, started);
        heldBytes += started.footprint();
        return started;
    }

    /**
     * Ends the least recently active sessions early until the budget has {@code needed} bytes free, unless
     * ending every one would not free enough: then none is ended for nothing.
     */
    private void makeRoom(long needed) {
        if (memory.available() >= needed || memory.available() + heldBytes < needed) {
            return;
        }
        Iterator<LiveSession> leastRecentlyActive = byVisitor.values().iterator();
        while (memory.available() < needed && leastRecentlyActive.hasNext()) {
            LiveSession session = leastRecentlyActive.next();
            leastRecentlyActive.remove();
            end(session);
            if (endedEarly.getAndIncrement() == 0) {
                LOG.warning("Skopos's memory budget (skopos.memory-budget) is full: it ends the least recently active"
                        + " sessions early to start new ones, and a visitor who comes back within the session"
                        + " timeout starts another (counted as sessionsEndedEarly in its readiness data)");
            }
        }
    }

    private void end(LiveSession session) {
        heldBytes -= session.footprint();
        memory.give(session.footprint());
        ended.accept(session);
    }

    /**
     * The visitor's session under {@code recordId}, as the durable spool replays an event accepted in it: the
     * live one if it is that session, else that session started again from {@code start}, in place of any other;
     * taken whatever the memory budget holds, since it was accepted before.
     */
    public synchronized LiveSession resume(String visitorId, String recordId, Supplier<LiveSession> start) {
        LiveSession current = byVisitor.get(visitorId);
        if (current != null && current.recordId().equals(recordId)) {
            return current;
        }
        return admit(visitorId, current, start.get(), 0, Admission.ACCEPTED);
    }

    /** Lets go of the visitor's session under {@code recordId}, whose end the spool replays; null if none. */
    public synchronized LiveSession release(String visitorId, String recordId) {
        LiveSession current = byVisitor.get(visitorId);
        if (current == null || !current.recordId().equals(recordId)) {
            return null;
        }
        byVisitor.remove(visitorId);
        heldBytes -= current.footprint();
        memory.give(current.footprint());
        return current;
    }

    /** Sessions ended before their timeout so far, to make room in the memory budget for new ones. */
    public long endedEarly() {
        return endedEarly.get();
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
