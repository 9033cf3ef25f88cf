package dev.skopos.jakarta.internal.visitors;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * What the writer keeps about each live session beyond its records: the daily summary's tally of it and, where
 * the instances share their sessions, what the others saw of it. Each session is handled by one thread of this
 * instance at a time (its write lane).
 */
public interface SessionBook {
    /** A session's end as the summary counts it: its exit page, on the day of its last event. */
    record Ending(Instant lastSeen, String exitPath) {
    }

    /** Changes the session's tally. */
    SessionTally.Transition changeTally(LiveSession session, UnaryOperator<SessionTally> change);

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

    /** The book of an instance serving its sessions alone. */
    static SessionBook local() {
        Map<LiveSession, SessionTally> tallies = new ConcurrentHashMap<>();
        return new SessionBook() {
            @Override
            public SessionTally.Transition changeTally(LiveSession session, UnaryOperator<SessionTally> change) {
                SessionTally before = tallies.getOrDefault(session, SessionTally.NONE);
                SessionTally after = change.apply(before);
                tallies.put(session, after);
                return new SessionTally.Transition(before, after);
            }

            @Override
            public List<Ending> end(LiveSession session) {
                SessionTally tally = tallies.remove(session);
                return tally != null && tally.counted() ? List.of(new Ending(session.lastSeen(), session.exitPath()))
                        : List.of();
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
