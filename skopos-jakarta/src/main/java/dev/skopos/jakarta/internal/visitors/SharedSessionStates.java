package dev.skopos.jakarta.internal.visitors;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The session states of instances sharing their sessions: how far the summary counted each session lives in the
 * visitor's {@link SharedVisit}, so that a session served by several instances counts once as a visitor, once
 * as engaged and its end once, on whichever instance gets there first; and a session's record is written with
 * the exit page of its latest event on any instance. While the engine cannot be reached, this instance keeps the
 * count of its sessions itself.
 */
public final class SharedSessionStates implements SessionStates {
    /** A session whose end was counted already: an event of it written late counts as an event only. */
    private static final SessionInSummary ENDED = new SessionInSummary(2, true, true, null);

    private final SharedVisits visits;
    private final SessionStates local = SessionStates.local();

    public SharedSessionStates(SharedVisits visits) {
        this.visits = visits;
    }

    @Override
    public SessionInSummary.Transition changeInSummary(LiveSession session, UnaryOperator<SessionInSummary> change) {
        return visits.orAlone(() -> visits.changeInSummary(session.start().visitorId(), session.recordId(), change)
                        .orElseGet(() -> new SessionInSummary.Transition(ENDED, change.apply(ENDED))),
                () -> local.changeInSummary(session, change));
    }

    @Override
    public List<Ending> end(LiveSession session) {
        List<Ending> localEnds = local.end(session);
        if (!localEnds.isEmpty()) {
            return localEnds;
        }
        return visits.orAlone(() -> visits.claimEnd(session.start().visitorId(), session.recordId()).stream()
                .filter(ended -> ended.inSummary().counted())
                .map(ended -> new Ending(ended.lastSeen(), ended.exitPath())).toList(), List::of);
    }

    @Override
    public void visitorLookedUp(LiveSession session, boolean createsRecord) {
        visits.orAlone(() -> Optional.of(visits.settleNewVisitor(session.start().visitorId(), session.recordId(),
                createsRecord)), Optional::<Boolean>empty).ifPresent(session::recordedNewVisitor);
    }

    @Override
    public boolean catchUp(LiveSession session) {
        return visits.orAlone(() -> visits.find(session.start().visitorId(), session.recordId())
                .map(visit -> session.caughtUp(visit.exitPath(), visit.lastSeen())).orElse(false), () -> false);
    }

    @Override
    public LiveSession.Snapshot toWrite(LiveSession session) {
        LiveSession.Snapshot snapshot = session.snapshot();
        // a request hands its event to the relay before it records it on the session: the relay holds them all
        visits.sendWaitingEventOf(session.start().visitorId());
        return snapshot;
    }
}
