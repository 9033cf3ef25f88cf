package dev.skopos.jakarta.internal.visitors;

import dev.skopos.jakarta.internal.pocketbase.RecordIds;

import java.time.Duration;
import java.time.Instant;

/**
 * A visitor's current session in memory. Request threads record events on it; the writer alone creates and
 * updates its {@code sessions} record (the fields marked writer-owned are only touched by the session's lane).
 *
 * <p>The dashboard reads a session's duration as its record's {@code updated − created}, counts active users
 * by {@code updated}, and deletes sessions shorter than a second, so every recorded event must move
 * {@code updated}: the writer compares how many events were recorded with how many its last write of the
 * record reflected.
 */
public final class LiveSession {
    private final SessionStart start;
    private final Instant startedAt;
    private Instant lastSeen;
    private String exitPath;
    private long eventsRecorded;

    private final String recordId;
    private final long footprint;

    // writer-owned: written by the session's lane; stored is read by the JS error flush too
    private volatile boolean stored;
    private String storedExitPath;
    private long eventsStored;
    private boolean newVisitor;

    LiveSession(SessionStart start, Instant startedAt) {
        this(start, startedAt, RecordIds.random());
    }

    /** A session whose record id was chosen already, by the instance that started it. */
    LiveSession(SessionStart start, Instant startedAt, String recordId) {
        this.start = start;
        this.startedAt = startedAt;
        this.recordId = recordId;
        this.lastSeen = startedAt;
        this.exitPath = start.entryPath();
        this.footprint = Footprint.of(start) + Footprint.of(recordId);
    }

    /** A session taken up again, as the durable spool recorded it, under the id it was started with. */
    public static LiveSession resumed(SessionStart start, Instant startedAt, String recordId) {
        return new LiveSession(start, startedAt, recordId);
    }

    /**
     * Brings a resumed session to the state the spool recorded: its latest event, the events recorded on it,
     * whether its record exists and holds them, and whether its visitor was new.
     */
    public synchronized void restore(Instant lastEvent, String lastPath, long events, boolean recordStored,
                                     boolean visitorWasNew) {
        lastSeen = lastEvent;
        exitPath = lastPath;
        eventsRecorded = events;
        newVisitor = visitorWasNew;
        if (recordStored) {
            stored(new Snapshot(lastPath, events));
        }
    }

    /** Estimated heap bytes, for the memory budget. */
    long footprint() {
        return footprint;
    }

    /** What the session's record says once written now. */
    public record Snapshot(String exitPath, long eventsRecorded) {
    }

    public SessionStart start() {
        return start;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public synchronized Instant lastSeen() {
        return lastSeen;
    }

    synchronized boolean isExpired(Instant now, Duration timeout) {
        return Duration.between(lastSeen, now).compareTo(timeout) > 0;
    }

    /**
     * Records one event of any type: it keeps the session alive and moves the exit path, unless a later event
     * was recorded first (one another instance recorded, caught up with meanwhile).
     */
    public synchronized void record(String path, Instant at) {
        eventsRecorded++;
        if (!at.isBefore(lastSeen)) {
            lastSeen = at;
            exitPath = path;
        }
    }

    /**
     * Takes on the latest event another instance recorded of this session, if it is later than this instance's:
     * it counts as an event recorded here, so the record is written with its exit page. Returns whether it was.
     */
    public synchronized boolean caughtUp(String latestExitPath, Instant latestEvent) {
        if (!latestEvent.isAfter(lastSeen)) {
            return false;
        }
        lastSeen = latestEvent;
        exitPath = latestExitPath;
        eventsRecorded++;
        return true;
    }

    public synchronized String exitPath() {
        return exitPath;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(exitPath, eventsRecorded);
    }

    /** The id of its {@code sessions} record, chosen before the record is written. */
    public String recordId() {
        return recordId;
    }

    public boolean isStored() {
        return stored;
    }

    /** The record now holds {@code written}: created, or updated. */
    public void stored(Snapshot written) {
        this.stored = true;
        this.storedExitPath = written.exitPath();
        this.eventsStored = written.eventsRecorded();
    }

    /**
     * The record was there already, created by another instance or by an earlier attempt whose answer was lost,
     * with the exit page known then: the next update writes this one's and moves {@code updated}.
     */
    public void storedEarlier() {
        this.stored = true;
        this.storedExitPath = null;
        this.eventsStored = 0;
    }

    /** Whether events were recorded since the record was last written: its {@code updated} must move. */
    public boolean needsUpdate() {
        return stored && snapshot().eventsRecorded() > eventsStored;
    }

    /** Whether an update must carry {@code exitPath}, or only move {@code updated}. */
    public boolean exitPathChangedSince(Snapshot now) {
        return !now.exitPath().equals(storedExitPath);
    }

    /**
     * Notes whether the writer created the visitor's record for this session; once it has, the session stays
     * a new visitor's, also when its own create is repeated after a lost answer or after a deletion.
     */
    public boolean visitorCreated(boolean createdNow) {
        newVisitor |= createdNow;
        return newVisitor;
    }

    /** The session's record, created by another instance, says whether its visitor was new. */
    public void recordedNewVisitor(boolean recorded) {
        newVisitor = recorded;
    }

    public boolean newVisitor() {
        return newVisitor;
    }

    /** The record was found missing in PocketBase; the next write creates it anew, under the same id. */
    public void forgetRecord() {
        this.stored = false;
    }
}
