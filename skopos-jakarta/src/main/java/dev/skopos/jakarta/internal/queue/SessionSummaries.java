package dev.skopos.jakarta.internal.queue;

import dev.skopos.jakarta.internal.intake.TrackedEvent;
import dev.skopos.jakarta.internal.intake.UserAgentInfo;
import dev.skopos.jakarta.internal.store.PendingWrite;
import dev.skopos.jakarta.internal.summary.DailySummaries;
import dev.skopos.jakarta.internal.summary.SessionFacts;
import dev.skopos.jakarta.internal.visitors.CountedEvent;
import dev.skopos.jakarta.internal.visitors.LiveSession;
import dev.skopos.jakarta.internal.visitors.SessionStates;
import dev.skopos.jakarta.internal.visitors.SessionStart;
import dev.skopos.jakarta.internal.visitors.SessionInSummary;

/**
 * Feeds the daily summaries from the records the writer has written, in write order, by the reference SDK's
 * rules: a session counts (as a visitor, new or returning, with its entry page, referrer, device, browser,
 * language and country) on the day of the event that makes it count; every event of it, JS errors included,
 * counts toward its engagement; its exit page counts on the day of its last event. With
 * {@code discardShortSessions} a session counts only once it proves real (a second event, or an event at
 * least one second after it started); until then its first event waits, and a bounce leaves the summary
 * untouched. Called by the lanes side by side; each session only by its own lane. Where the instances share
 * their sessions, so do they how far the summary counted each: each session counts once, on whichever instance
 * writes first.
 */
final class SessionSummaries {
    private final DailySummaries summaries;
    private final SessionStates sessionStates;

    SessionSummaries(DailySummaries summaries, SessionStates sessionStates) {
        this.summaries = summaries;
        this.sessionStates = sessionStates;
    }

    void eventWritten(PendingWrite.Event written) {
        LiveSession session = written.session();
        TrackedEvent event = written.event();
        CountedEvent counted = new CountedEvent(event.type(), keyOf(event), written.at());
        SessionInSummary.Transition step = sessionStates.changeInSummary(session, before -> before.afterEvent(
                counted, written.discardShortSessions(), session.startedAt(), event.signalsEngagement()));
        if (!step.before().counted() && step.after().counted()) {
            SessionStart start = session.start();
            summaries.sessionCounted(written.at(), new SessionFacts(session.newVisitor(), start.entryPath(),
                    start.referrer(), start.agent().device(), knownBrowser(start.agent()),
                    start.language().orElse(""), start.location().get().country(), start.location().get().state()));
            if (step.before().deferred() != null) {
                count(step.before().deferred());
            }
        }
        if (step.after().counted()) {
            count(counted);
        }
        if (!step.before().engaged() && step.after().engaged()) {
            summaries.sessionEngaged(written.at());
        }
    }

    /** Counts the exits of the sessions whose end is counted now that this instance let go of {@code session}. */
    void sessionEnded(LiveSession session) {
        sessionStates.end(session).forEach(ending -> summaries.sessionExited(ending.lastSeen(), ending.exitPath()));
    }

    /** The reference leaves a browser it cannot name out of the breakdown rather than counting "Unknown". */
    private static String knownBrowser(UserAgentInfo agent) {
        return UserAgentInfo.UNKNOWN.equals(agent.browser()) ? "" : agent.browser();
    }

    private static String keyOf(TrackedEvent event) {
        return switch (event.type()) {
            case PAGE_VIEW -> event.path();
            case CUSTOM -> event.name();
            case JS_ERROR -> event.errorMessage();
        };
    }

    private void count(CountedEvent event) {
        switch (event.type()) {
            case PAGE_VIEW -> summaries.pageView(event.at(), event.key());
            case CUSTOM -> summaries.customEvent(event.at(), event.key());
            case JS_ERROR -> summaries.jsError(event.at(), event.key());
        }
    }
}
