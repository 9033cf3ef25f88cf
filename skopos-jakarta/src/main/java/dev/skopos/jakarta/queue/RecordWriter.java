package dev.skopos.jakarta.queue;

import dev.skopos.jakarta.delivery.DeliveryLedger;
import dev.skopos.jakarta.delivery.DropReason;
import dev.skopos.jakarta.intake.EventType;
import dev.skopos.jakarta.pocketbase.PocketBaseException;
import dev.skopos.jakarta.store.Records;
import dev.skopos.jakarta.visitors.LiveSession;
import dev.skopos.jakarta.visitors.SessionBook;
import dev.skopos.jakarta.visitors.SessionStart;

import java.util.List;

/**
 * Writes one queued record, or a session's record, for a lane: counts what was written, feeds the daily
 * summaries in write order, and drops (counting and logging it) what PocketBase refuses for good, so that it
 * cannot hold up the rest. A failure that keeps the record ({@link PocketBaseException#keepsRecord()}) is
 * thrown for the lane to retry. Shared by the lanes; each session is written by its own lane only.
 */
final class RecordWriter {
    private final Records records;
    private final SessionBook sessions;
    private final SessionSummaries sessionSummaries;
    private final DeliveryLedger ledger;
    private final RefusalLog refusals;

    RecordWriter(Records records, SessionBook sessions, SessionSummaries sessionSummaries, DeliveryLedger ledger,
                 RefusalLog refusals) {
        this.records = records;
        this.sessions = sessions;
        this.sessionSummaries = sessionSummaries;
        this.ledger = ledger;
        this.refusals = refusals;
    }

    void write(PendingWrite write) {
        try {
            if (write instanceof PendingWrite.Event event) {
                writeEvent(event);
            } else if (write instanceof PendingWrite.Identify identify) {
                records.identify(identify.websiteId(), identify.visitorId(), identify.fields());
            } else if (write instanceof PendingWrite.SessionEnd end) {
                sessionSummaries.sessionEnded(end.session());
            }
            ledger.written(write.events());
        } catch (PocketBaseException e) {
            if (e.keepsRecord()) {
                throw e;
            }
            ledger.dropped(DropReason.REFUSED, write.events());
            refusals.refused("a record", e);
        }
    }

    private void writeEvent(PendingWrite.Event event) {
        if (event.event().type() == EventType.JS_ERROR) {
            // the report itself waits, merged, in the JS error buffer; its session counts now
            records.ensureSession(event.session());
        } else {
            records.writeEvent(event);
        }
        sessionSummaries.eventWritten(event);
    }

    /** Looks up together the visitors of sessions about to be created; see {@link Records#lookUpVisitors}. */
    void lookUpVisitors(List<SessionStart> sessions) {
        records.lookUpVisitors(sessions);
    }

    /**
     * Creates the session's record, or moves its {@code updated}, if events were recorded since. Where other
     * instances serve the session too, a later event one of them recorded while a write was on its way is
     * written again, after each write, so that an earlier exit page landing last does not stay.
     */
    void writeSession(LiveSession session) {
        try {
            sessions.catchUp(session);
            records.ensureSession(session);
            records.updateSession(session);
            while (sessions.catchUp(session)) {
                records.updateSession(session);
            }
        } catch (PocketBaseException e) {
            if (e.keepsRecord()) {
                throw e;
            }
            refusals.refused("a session", e);
        }
    }
}
