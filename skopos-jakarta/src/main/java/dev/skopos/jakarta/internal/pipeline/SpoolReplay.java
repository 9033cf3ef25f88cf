package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.internal.budget.Admission;
import dev.skopos.jakarta.internal.delivery.DeliveryCounts;
import dev.skopos.jakarta.internal.intake.EventType;
import dev.skopos.jakarta.internal.queue.Flusher;
import dev.skopos.jakarta.internal.queue.JsErrorBuffer;
import dev.skopos.jakarta.internal.spool.Spool;
import dev.skopos.jakarta.internal.spool.SpoolEntry;
import dev.skopos.jakarta.internal.store.PendingWrite;
import dev.skopos.jakarta.internal.store.Records;
import dev.skopos.jakarta.internal.visitors.LiveSession;
import dev.skopos.jakarta.internal.visitors.SessionStates;
import dev.skopos.jakarta.internal.visitors.SessionRegistry;

import java.util.function.ObjLongConsumer;

/**
 * Hands what the spool held at start back to the pipeline, before any tracking call: the open sessions as
 * PocketBase last confirmed them, then every entry it had not confirmed, in the order it was accepted, under
 * the ids it was accepted with; what was accepted before the website's settings were loaded waits for them
 * again. A record that landed before the stop is found taken and recognised as this tracker's
 * ({@link dev.skopos.jakarta.internal.store.IdempotentCreates}); summary gains and JS error reports PocketBase
 * confirmed are not part of what is handed back, so nothing counts twice. Counts a write may have set before the
 * stop are set again, not added to: the daily summary writes not known saved are sent as they were, before later
 * gains (the summary writer takes them from the spool), and the JS error reports of a write that may have landed
 * are added to what their error's record held before it.
 */
final class SpoolReplay implements Runnable {
    private final Spool spool;
    private final SessionRegistry sessions;
    private final SessionStates sessionStates;
    private final Records records;
    private final Flusher flusher;
    private final JsErrorBuffer jsErrors;
    private final DeliveryCounts deliveryCounts;
    private final ObjLongConsumer<SpoolEntry> waitForWebsite;

    /**
     * @param waitForWebsite takes an entry accepted before the website's settings were loaded, with its sequence
     *                       number: it waits for them again
     */
    SpoolReplay(Spool spool, SessionRegistry sessions, SessionStates sessionStates, Records records, Flusher flusher,
                JsErrorBuffer jsErrors, DeliveryCounts deliveryCounts, ObjLongConsumer<SpoolEntry> waitForWebsite) {
        this.spool = spool;
        this.sessions = sessions;
        this.sessionStates = sessionStates;
        this.records = records;
        this.flusher = flusher;
        this.jsErrors = jsErrors;
        this.deliveryCounts = deliveryCounts;
        this.waitForWebsite = waitForWebsite;
    }

    @Override
    public void run() {
        Spool.Recovery recovery = spool.recovery();
        recovery.sessions().forEach(this::restore);
        recovery.jsErrorBases().forEach(records::resumeJsErrorCount);
        for (Spool.Replay replay : recovery.entries()) {
            if (replay.entry() instanceof SpoolEntry.Event event) {
                replayEvent(replay.seq(), event, replay.parts());
            } else if (replay.entry() instanceof SpoolEntry.Identify identify) {
                flusher.enqueue(new PendingWrite.Identify(identify.websiteId(), identify.visitorId(),
                        identify.fields(), replay.seq()), Admission.ACCEPTED);
                deliveryCounts.accepted();
            } else if (replay.entry() instanceof SpoolEntry.Early
                    || replay.entry() instanceof SpoolEntry.EarlyIdentify) {
                waitForWebsite.accept(replay.entry(), replay.seq());
                deliveryCounts.accepted();
            } else if (replay.entry() instanceof SpoolEntry.SessionEnd end) {
                LiveSession ended = sessions.release(end.visitorId(), end.sessionId());
                if (ended == null) {
                    spool.withdrawn(replay.seq()); // its session's records were confirmed, and its end with them
                } else {
                    flusher.enqueue(new PendingWrite.SessionEnd(ended, replay.seq()));
                }
            }
        }
    }

    private void restore(SpoolEntry.SessionState state) {
        LiveSession session = resume(state.session());
        session.restore(state.lastSeen(), state.exitPath(), state.eventsRecorded(), state.stored(),
                state.newVisitor());
        sessionStates.changeInSummary(session, ignored -> state.inSummary());
    }

    private LiveSession resume(SpoolEntry.SessionOrigin origin) {
        return sessions.resume(origin.start().visitorId(), origin.recordId(),
                () -> LiveSession.resumed(origin.start(), origin.startedAt(), origin.recordId()));
    }

    private void replayEvent(long seq, SpoolEntry.Event spooled, int parts) {
        LiveSession session = resume(spooled.session());
        PendingWrite.Event pending = new PendingWrite.Event(session, spooled.event(), spooled.at(),
                spooled.recordId(), spooled.discardShortSessions(), seq);
        boolean recordUnconfirmed = (parts & SpoolEntry.Parts.RECORD) != 0;
        if ((parts & SpoolEntry.Parts.REPORT) != 0) {
            jsErrors.add(spooled.session().start().websiteId(), session, spooled.event(), spooled.at(),
                    Admission.ACCEPTED, seq, () -> !recordUnconfirmed || flusher.enqueue(pending, Admission.ACCEPTED));
        } else {
            flusher.enqueue(pending, Admission.ACCEPTED);
        }
        if (recordUnconfirmed) {
            session.record(spooled.event().path(), spooled.at());
            flusher.sessionActive(session);
        }
        // a JS error counts as accepted and written through its report, any other event through its record
        if (spooled.event().type() == EventType.JS_ERROR ? (parts & SpoolEntry.Parts.REPORT) != 0
                : recordUnconfirmed) {
            deliveryCounts.accepted();
        }
    }
}
