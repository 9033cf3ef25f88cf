package dev.skopos.jakarta.internal.visitors;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * What the writer keeps about each live session beyond its records: how far the daily summary counted it and, where
 * the instances share their sessions, what the others saw of it. Each session is handled by one thread of this
 * instance at a time (its write lane).
 */
public interface SessionStates {
    /** A session's end as the summary counts it: its exit page, on the day of its last event. */
    record Ending(Instant lastSeen, String exitPath) {
    }

    /** Changes how far the daily summary counted the session. */
    SessionInSummary.Transition changeInSummary(LiveSession session, UnaryOperator<SessionInSummary> change);

    /** The ends to count now that this instance let go of {@code session}: none while it lives on elsewhere. */
    List<Ending> end(LiveSession session);

    /**
     * The writer is about to create the record of the session's visitor ({@code createsRecord}), or found one:
     * where sessions are shared, the first instance to look settles for all whether the visitor is new.
     */
    void visitorLookedUp(LiveSession session, boolean createsRecord);

    /**
     * Brings {@code session} up to the latest event any instance recorded of it, around a write of its record;
     * returns whether another instance had recorded a later one.
     */
    boolean catchUp(LiveSession session);

    /**
     * What a write of the session's record carries, taken now. Where sessions are shared, every event it holds
     * is in the shared entry once this returns: an instance whose older write lands after this one then finds
     * the newer event there when it catches up after its write, and writes it again.
     */
    LiveSession.Snapshot toWrite(LiveSession session);

    /** The session states of an instance serving its sessions alone. */
    static SessionStates local() {
        Map<LiveSession, SessionInSummary> bySession = new ConcurrentHashMap<>();
        return new SessionStates() {
            @Override
            public SessionInSummary.Transition changeInSummary(LiveSession session,
                                                               UnaryOperator<SessionInSummary> change) {
                SessionInSummary before = bySession.getOrDefault(session, SessionInSummary.NONE);
                SessionInSummary after = change.apply(before);
                bySession.put(session, after);
                return new SessionInSummary.Transition(before, after);
            }

            @Override
            public List<Ending> end(LiveSession session) {
                SessionInSummary inSummary = bySession.remove(session);
                return inSummary != null && inSummary.counted()
                        ? List.of(new Ending(session.lastSeen(), session.exitPath())) : List.of();
            }

            @Override
            public void visitorLookedUp(LiveSession session, boolean createsRecord) {
                // the session learns it from its own create
            }

            @Override
            public boolean catchUp(LiveSession session) {
                return false; // this instance saw every event
            }

            @Override
            public LiveSession.Snapshot toWrite(LiveSession session) {
                return session.snapshot();
            }
        };
    }
}
