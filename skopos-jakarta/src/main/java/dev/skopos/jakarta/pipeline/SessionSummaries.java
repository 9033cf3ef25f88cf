package dev.skopos.jakarta.pipeline;

import dev.skopos.jakarta.summary.DailySummaries;
import dev.skopos.jakarta.summary.SessionFacts;

import java.time.Duration;

/**
 * Feeds the daily summaries from the records the writer has written, in write order. With
 * {@code discardShortSessions} a session counts only once it proves real (a second event, or an event at
 * least one second after it started); until then its first event waits, and a bounce leaves the summary
 * untouched. Used only under the flush lock.
 */
final class SessionSummaries {
    private static final Duration PROOF_DELAY = Duration.ofSeconds(1);

    private final DailySummaries summaries;

    SessionSummaries(DailySummaries summaries) {
        this.summaries = summaries;
    }

    void eventWritten(PendingWrite.Event written) {
        LiveSession session = written.session();
        LiveSession.SummaryTally tally = session.tally();
        tally.eventsWritten++;
        boolean proven = !written.discardShortSessions() || tally.eventsWritten >= 2
                || !written.at().isBefore(session.startedAt().plus(PROOF_DELAY));
        if (!tally.counted && !proven) {
            tally.deferred = written;
            return;
        }
        if (!tally.counted) {
            SessionStart start = session.start();
            summaries.sessionCounted(session.startedAt(), new SessionFacts(session.newVisitor(), start.entryPath(),
                    start.referrer(), start.agent().device(), start.agent().browser(), start.language(),
                    start.location().get().country(), start.location().get().state()));
            tally.counted = true;
            if (tally.deferred != null) {
                countEvent(tally.deferred);
                tally.deferred = null;
            }
        }
        countEvent(written);
        if (!tally.engagementCounted && (tally.eventsWritten >= 2 || written.event().signalsEngagement())) {
            summaries.sessionEngaged(session.startedAt());
            tally.engagementCounted = true;
        }
    }

    void sessionEnded(LiveSession session) {
        if (session.tally().counted) {
            summaries.sessionExited(session.startedAt(), session.exitPath());
        }
    }

    private void countEvent(PendingWrite.Event written) {
        TrackedEvent event = written.event();
        if (event.type() == EventType.PAGE_VIEW) {
            summaries.pageView(written.at(), event.path());
        } else {
            summaries.customEvent(written.at(), event.name());
        }
    }
}
