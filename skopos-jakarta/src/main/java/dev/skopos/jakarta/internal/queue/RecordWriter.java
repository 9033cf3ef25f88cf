package dev.skopos.jakarta.internal.queue;

import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.internal.delivery.DeliveryCounts;
import dev.skopos.jakarta.internal.intake.EventType;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.store.PendingWrite;
import dev.skopos.jakarta.internal.store.Records;
import dev.skopos.jakarta.internal.store.WritePlan;
import dev.skopos.jakarta.internal.support.UnforeseenFailures;
import dev.skopos.jakarta.internal.visitors.LiveSession;
import dev.skopos.jakarta.internal.visitors.SessionStates;
import dev.skopos.jakarta.internal.visitors.SessionStart;

import java.util.List;

/**
 * Plans the writes of one queued record, or of a session's record, for a lane, and settles what became of them:
 * counts what was written, feeds the daily summaries in write order, and drops (counting and logging it) what
 * PocketBase refuses for good, or what fails in a way nobody foresaw, so that it cannot hold up the rest. A
 * failure that keeps the record ({@link PocketBaseException#keepsRecord()}) is thrown by the plan for the lane to
 * retry. Shared by the lanes; each session is written by its own lane only.
 */
final class RecordWriter {
    private final Records records;
    private final SessionStates sessions;
    private final SessionSummaries sessionSummaries;
    private final DeliveryCounts deliveryCounts;
    private final RefusalLog refusals;
    private final UnforeseenFailures unforeseen;
    private final Confirmations confirmations;

    RecordWriter(Records records, SessionStates sessions, SessionSummaries sessionSummaries,
                 DeliveryCounts deliveryCounts, RefusalLog refusals, UnforeseenFailures unforeseen,
                 Confirmations confirmations) {
        this.records = records;
        this.sessions = sessions;
        this.sessionSummaries = sessionSummaries;
        this.deliveryCounts = deliveryCounts;
        this.refusals = refusals;
        this.unforeseen = unforeseen;
        this.confirmations = confirmations;
    }

    /**
     * A plan for one flush of a lane that may create the records of {@code sessions}, whose visitors it looks up
     * together first ({@link Records#plan(java.util.Collection)}).
     */
    WritePlan plan(List<SessionStart> sessions) {
        return records.plan(sessions);
    }

    /**
     * Plans the writes of one queued record as a unit of {@code plan}. Once they landed the record counts as
     * written and feeds the daily summaries, in the order records were queued; if PocketBase refuses one for
     * good, or planning or writing it fails in a way nobody foresaw, the record is dropped, counted and logged, so
     * that it cannot hold up the rest. Either way {@code finished} runs then.
     *
     * @throws PocketBaseException when a read the planning needs fails for a while; nothing of the record was sent
     */
    void plan(PendingWrite write, WritePlan plan, Runnable finished) {
        plan.beginUnit(new WritePlan.Unit() {
            @Override
            public void done() {
                confirmations.landed(write, () -> written(write));
                finished.run();
            }

            @Override
            public void refused(PocketBaseException e) {
                deliveryCounts.dropped(DropReason.REFUSED, write.events());
                refusals.refused("a record", e);
                confirmations.landed(write, () -> { });
                finished.run();
            }

            @Override
            public void failed(RuntimeException e) {
                deliveryCounts.dropped(DropReason.FAILED, write.events());
                unforeseen.failed("set a record aside (counted as dropped.failed)", e);
                // given up and counted: a replay from the spool would count it twice
                confirmations.landed(write, () -> { });
                finished.run();
            }
        });
        planning(plan, () -> {
            if (write instanceof PendingWrite.Event event) {
                if (event.event().type() == EventType.JS_ERROR) {
                    // the report itself waits, merged, in the JS error buffer; its session counts now
                    records.ensureSession(event.session(), plan);
                } else {
                    records.writeEvent(event, plan);
                }
            } else if (write instanceof PendingWrite.Identify identify) {
                records.identify(identify.websiteId(), identify.visitorId(), identify.fields(), plan);
            }
        });
        plan.endUnit();
    }

    /**
     * Plans the open unit of {@code plan}; a failure of the planning that no retry mends (PocketBase refusing a
     * read, or one nobody foresaw) sets the unit aside.
     */
    private static void planning(WritePlan plan, Runnable planning) {
        try {
            planning.run();
        } catch (PocketBaseException e) {
            if (e.keepsRecord()) {
                throw e;
            }
            plan.setAside(e);
        } catch (RuntimeException e) {
            plan.setAside(e);
        }
    }

    /**
     * Counts a record that landed as written, and feeds the daily summaries with it. The record is in PocketBase
     * whatever the summaries make of it, so a failure there costs the summaries its gains and nothing more.
     */
    private void written(PendingWrite write) {
        deliveryCounts.written(write.events());
        try {
            if (write instanceof PendingWrite.Event event) {
                sessionSummaries.eventWritten(event);
            } else if (write instanceof PendingWrite.SessionEnd end) {
                sessionSummaries.sessionEnded(end.session());
            }
        } catch (RuntimeException e) {
            unforeseen.failed("left a written record out of the daily summaries", e);
        }
    }

    /**
     * Plans creating the session's record, or moving its {@code updated}, if events were recorded since.
     * Where other instances serve the session too, the latest event any of them recorded is written. Once the
     * write landed, {@code again} hears if the record needs another: another instance created it first, with the
     * events it knew then, or recorded a later event while this write was on its way, so that an earlier exit
     * page landing last does not stay.
     */
    void planSession(LiveSession session, WritePlan plan, Runnable written, Runnable again) {
        plan.beginUnit(new WritePlan.Unit() {
            @Override
            public void done() {
                written.run();
                if (sessions.catchUp(session) || session.needsUpdate()) {
                    again.run();
                }
            }

            @Override
            public void refused(PocketBaseException e) {
                written.run();
                refusals.refused("a session", e);
            }

            @Override
            public void failed(RuntimeException e) {
                written.run();
                unforeseen.failed("set a session's write aside", e);
            }
        });
        planning(plan, () -> {
            sessions.catchUp(session);
            records.ensureSession(session, plan);
            records.updateSession(session, plan);
        });
        plan.endUnit();
    }
}
