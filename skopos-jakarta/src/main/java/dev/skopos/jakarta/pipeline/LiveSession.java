package dev.skopos.jakarta.pipeline;

import java.time.Duration;
import java.time.Instant;

/**
 * A visitor's current session in memory. Request threads record events on it; the writer alone creates and
 * updates its {@code sessions} record (the fields marked writer-owned are only touched under the flush lock).
 */
final class LiveSession {
    private final SessionStart start;
    private final Instant startedAt;
    private Instant lastSeen;
    private String exitPath;

    // writer-owned
    private String recordId;
    private String storedExitPath;
    private boolean newVisitor;
    private final SummaryTally tally = new SummaryTally();

    LiveSession(SessionStart start, Instant startedAt) {
        this.start = start;
        this.startedAt = startedAt;
        this.lastSeen = startedAt;
        this.exitPath = start.entryPath();
    }

    SessionStart start() {
        return start;
    }

    Instant startedAt() {
        return startedAt;
    }

    synchronized boolean isExpired(Instant now, Duration timeout) {
        return Duration.between(lastSeen, now).compareTo(timeout) > 0;
    }

    /** Records one event: it moves the exit path and keeps the session alive. */
    synchronized void record(String path, Instant at) {
        exitPath = path;
        if (at.isAfter(lastSeen)) {
            lastSeen = at;
        }
    }

    synchronized String exitPath() {
        return exitPath;
    }

    String recordId() {
        return recordId;
    }

    void stored(String sessionRecordId, String exitPathWritten) {
        this.recordId = sessionRecordId;
        this.storedExitPath = exitPathWritten;
    }

    /** Remembers, on the first creation of the record only, whether its visitor was new. */
    void firstStoredAsNewVisitor(boolean created) {
        if (tally.eventsWritten == 0 && !tally.counted) {
            newVisitor = created;
        }
    }

    boolean newVisitor() {
        return newVisitor;
    }

    SummaryTally tally() {
        return tally;
    }

    /** How far the daily summary has taken this session into account (writer-owned). */
    static final class SummaryTally {
        int eventsWritten;
        boolean counted;
        boolean engagementCounted;
        PendingWrite.Event deferred;
    }

    /** The record was found missing in PocketBase; the next write creates it anew. */
    void forgetRecord() {
        this.recordId = null;
    }

    boolean exitPathChanged() {
        return recordId != null && !exitPath().equals(storedExitPath);
    }
}
