package dev.skopos.jakarta.queue;

import dev.skopos.jakarta.intake.TrackedEvent;
import dev.skopos.jakarta.intake.UserAgentInfo;
import dev.skopos.jakarta.visitors.LiveSession;
import dev.skopos.jakarta.visitors.SessionStart;
import dev.skopos.jakarta.summary.DailySummaries;
import dev.skopos.jakarta.summary.SessionFacts;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feeds the daily summaries from the records the writer has written, in write order, by the reference SDK's
 * rules: a session counts (as a visitor, new or returning, with its entry page, referrer, device, browser,
 * language and country) on the day of the event that makes it count; every event of it, JS errors included,
 * counts toward its engagement; its exit page counts on the day of its last event. With
 * {@code discardShortSessions} a session counts only once it proves real (a second event, or an event at
 * least one second after it started); until then its first event waits, and a bounce leaves the summary
 * untouched. Called by the lanes side by side; each session only by its own lane.
 */
final class SessionSummaries {
    private static final Duration PROOF_DELAY = Duration.ofSeconds(1);

    private final DailySummaries summaries;
    /** What the summaries have taken into account of each session still live; ended sessions are removed. */
    private final Map<LiveSession, Tally> tallies = new ConcurrentHashMap<>();

    /** How far the daily summary has taken one session into account. */
    private static final class Tally {
        int eventsWritten;
        boolean counted;
        boolean engagementCounted;
        PendingWrite.Event deferred;
    }

    SessionSummaries(DailySummaries summaries) {
        this.summaries = summaries;
    }

    void eventWritten(PendingWrite.Event written) {
        LiveSession session = written.session();
        Tally tally = tallies.computeIfAbsent(session, ignored -> new Tally());
        tally.eventsWritten++;
        boolean proven = !written.discardShortSessions() || tally.eventsWritten >= 2
                || !written.at().isBefore(session.startedAt().plus(PROOF_DELAY));
        if (!tally.counted && !proven) {
            tally.deferred = written;
            return;
        }
        if (!tally.counted) {
            SessionStart start = session.start();
            summaries.sessionCounted(written.at(), new SessionFacts(session.newVisitor(), start.entryPath(),
                    start.referrer(), start.agent().device(), knownBrowser(start.agent()),
                    start.language().orElse(""), start.location().get().country(), start.location().get().state()));
            tally.counted = true;
            if (tally.deferred != null) {
                countEvent(tally.deferred);
                tally.deferred = null;
            }
        }
        countEvent(written);
        if (!tally.engagementCounted && (tally.eventsWritten >= 2 || written.event().signalsEngagement())) {
            summaries.sessionEngaged(written.at());
            tally.engagementCounted = true;
        }
    }

    void sessionEnded(LiveSession session) {
        Tally tally = tallies.remove(session);
        if (tally != null && tally.counted) {
            summaries.sessionExited(session.lastSeen(), session.exitPath());
        }
    }

    /** The reference leaves a browser it cannot name out of the breakdown rather than counting "Unknown". */
    private static String knownBrowser(UserAgentInfo agent) {
        return UserAgentInfo.UNKNOWN.equals(agent.browser()) ? "" : agent.browser();
    }

    private void countEvent(PendingWrite.Event written) {
        TrackedEvent event = written.event();
        switch (event.type()) {
            case PAGE_VIEW -> summaries.pageView(written.at(), event.path());
            case CUSTOM -> summaries.customEvent(written.at(), event.name());
            case JS_ERROR -> summaries.jsError(written.at(), event.errorMessage());
        }
    }
}
