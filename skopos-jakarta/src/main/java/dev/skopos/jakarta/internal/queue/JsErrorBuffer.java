package dev.skopos.jakarta.internal.queue;

import dev.skopos.jakarta.internal.budget.Admission;
import dev.skopos.jakarta.internal.budget.MemoryBudget;
import dev.skopos.jakarta.internal.intake.TrackedEvent;
import dev.skopos.jakarta.internal.store.PendingJsError;
import dev.skopos.jakarta.internal.store.PendingWrite;
import dev.skopos.jakarta.internal.support.Sha256;
import dev.skopos.jakarta.internal.visitors.Footprint;
import dev.skopos.jakarta.internal.visitors.LiveSession;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * JS error reports merged by hash until the next flush; bounded in distinct errors, but for reports accepted
 * already.
 */
public final class JsErrorBuffer {
    private final int capacity;
    private final MemoryBudget memory;
    private final Map<String, PendingJsError> pending = new LinkedHashMap<>();
    private long reports;
    /** {@link System#nanoTime()} when the oldest report still held arrived. */
    private long oldestQueuedAt;
    /** The durable spool's entries of the reports held, by error. */
    private final Map<String, List<Long>> spooled = new HashMap<>();
    /** Those of the reports taken for the write under way. */
    private final Map<String, List<Long>> spooledTaken = new HashMap<>();

    public JsErrorBuffer(int capacity, MemoryBudget memory) {
        this.capacity = capacity;
        this.memory = memory;
    }

    static String hash(String message, String stackTrace) {
        String[] lines = stackTrace.split("\n", 3);
        return Sha256.hex(message + "\n" + (lines.length > 1 ? lines[1] : ""));
    }

    /**
     * Adds a report if {@code alsoAccepted} (which queues the event for its session) agrees; false, with
     * nothing added, when it does not, or when the report is a new error, {@code admission} asks for room, and
     * the buffer already holds as many distinct errors as it may or the memory budget has no room for it.
     */
    public synchronized boolean add(String websiteId, LiveSession session, TrackedEvent event, Instant at,
                                    Admission admission, BooleanSupplier alsoAccepted) {
        return add(websiteId, session, event, at, admission, PendingWrite.NOT_SPOOLED, alsoAccepted);
    }

    /** As {@link #add(String, LiveSession, TrackedEvent, Instant, Admission, BooleanSupplier)}, spooled. */
    public synchronized boolean add(String websiteId, LiveSession session, TrackedEvent event, Instant at,
                                    Admission admission, long spoolSeq, BooleanSupplier alsoAccepted) {
        PendingJsError report = new PendingJsError(hash(event.errorMessage(), event.stackTrace()), websiteId,
                session, event.errorMessage(), event.stackTrace(), event.url(), 1, at);
        boolean known = pending.containsKey(report.hash());
        if (!known && ((admission == Admission.IF_ROOM && pending.size() >= capacity)
                || !memory.take(footprint(report), admission))) {
            return false;
        }
        if (!alsoAccepted.getAsBoolean()) {
            if (!known) {
                memory.give(footprint(report));
            }
            return false;
        }
        merge(report);
        if (spoolSeq != PendingWrite.NOT_SPOOLED) {
            spooled.computeIfAbsent(report.hash(), hash -> new ArrayList<>()).add(spoolSeq);
        }
        return true;
    }

    synchronized List<PendingJsError> takeAll() {
        List<PendingJsError> taken = new ArrayList<>(pending.values());
        pending.clear();
        reports = 0;
        spooled.forEach((hash, seqs) -> spooledTaken.computeIfAbsent(hash, h -> new ArrayList<>()).addAll(seqs));
        spooled.clear();
        taken.forEach(error -> memory.give(footprint(error)));
        return taken;
    }

    /** Returns reports that could not be written, merged with any that arrived since; they are never dropped. */
    synchronized void putBack(Collection<PendingJsError> unwritten) {
        for (PendingJsError error : unwritten) {
            if (!pending.containsKey(error.hash())) {
                memory.take(footprint(error));
            }
            merge(error);
            List<Long> seqs = spooledTaken.remove(error.hash());
            if (seqs != null) {
                spooled.computeIfAbsent(error.hash(), hash -> new ArrayList<>()).addAll(seqs);
            }
        }
    }

    /**
     * The spooled entries of the reports taken and not put back, which were written or refused for good: they
     * are no longer the buffer's.
     */
    synchronized long[] releaseTaken() {
        long[] seqs = spooledTaken.values().stream().flatMap(List::stream).mapToLong(Long::longValue).toArray();
        spooledTaken.clear();
        return seqs;
    }

    /** The spooled entries of an error's reports taken for the write under way. */
    synchronized long[] takenSeqs(String hash) {
        return spooledTaken.getOrDefault(hash, List.of()).stream().mapToLong(Long::longValue).toArray();
    }

    private void merge(PendingJsError report) {
        if (reports == 0) {
            oldestQueuedAt = System.nanoTime();
        }
        reports += report.count();
        pending.merge(report.hash(), report, PendingJsError::mergedWith);
    }

    /** Reports held, counting each merged one. */
    synchronized long reports() {
        return reports;
    }

    /** When the oldest report held arrived ({@link System#nanoTime()}); empty when none is held. */
    synchronized OptionalLong oldestQueuedAt() {
        return reports == 0 ? OptionalLong.empty() : OptionalLong.of(oldestQueuedAt);
    }

    private static long footprint(PendingJsError error) {
        return Footprint.ENVELOPE + Footprint.of(error.hash()) + Footprint.of(error.message())
                + Footprint.of(error.stackTrace()) + Footprint.of(error.url());
    }

    synchronized int size() {
        return pending.size();
    }
}
