package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.cluster.SharedEntry;
import dev.skopos.jakarta.internal.cluster.SharedMap;
import dev.skopos.jakarta.internal.cluster.SharedStateHealth;
import dev.skopos.jakarta.internal.cluster.WriterLease;
import dev.skopos.jakarta.internal.cluster.WriterRole;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.store.JsErrorRecords.StoredCount;
import dev.skopos.jakarta.internal.store.SharedJsErrors.Unconfirmed;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Writes the JS error reports of several instances of the tracker exactly, through a {@link SharedMap}: each
 * instance merges the reports of a flush into the website's {@link SharedJsErrors} entry with one atomic
 * replace, and from then on counts them as written; the one instance that holds the {@link WriterLease}
 * writes them to the error records. It takes every error's pending reports into an unconfirmed whole count
 * (its record's plus theirs) in one replace before it sends those counts, and takes the counts PocketBase took
 * out in one more; so a write that may have landed is sent again as it was, by whichever instance holds the
 * lease next, and reports merged by an instance that died since are written all the same. A count PocketBase
 * refuses is dropped, and logged.
 *
 * <p>When the engine fails, this instance writes its own reports alone, as a single instance does
 * ({@link LocalJsErrorRecords}), and tells the {@link SharedStateHealth}; it goes back to the shared entry as
 * soon as the engine answers again.
 */
public final class SharedJsErrorRecords implements JsErrorWriter {
    private static final Logger LOG = Logger.getLogger(SharedJsErrorRecords.class.getName());

    private final SharedMap shared;
    private final SharedEntry<SharedJsErrors> entry;
    private final JsErrorRecords records;
    private final WriterRole writer;
    private final JsErrorWriter alone;
    private final SharedStateHealth health;
    private final InFlightWrites<Unconfirmed, SharedJsErrors> inFlight;

    /**
     * @param alone  writes this instance's reports while the engine fails
     * @param key    the shared entry of this website's JS errors
     * @param lease  who writes the shared entry's errors to PocketBase
     * @param health told how the engine answers
     * @param clock  what this instance measures how long another's write has been in flight by
     */
    public SharedJsErrorRecords(RecordStore store, JsErrorWriter alone, SharedMap shared, String key,
                                WriterLease lease, SharedStateHealth health, Clock clock) {
        this.shared = shared;
        this.entry = new SharedEntry<>(shared, key, SharedJsErrors::parse, SharedJsErrors::toJson);
        this.inFlight = new InFlightWrites<>(entry, lease.holder(), clock);
        this.records = new JsErrorRecords(store, new IdempotentCreates(store));
        this.writer = new WriterRole(lease, "the JS error counts", LOG);
        this.alone = alone;
        this.health = health;
    }

    /**
     * Merges {@code reports} into the shared entry, where they count as written; then, if this instance holds
     * the lease, writes every error the instances merged.
     *
     * @throws PocketBaseException when PocketBase fails for a while; what it did not take stays in the shared entry
     */
    @Override
    public void write(List<PendingJsError> reports, Outcomes outcomes) {
        if (!reports.isEmpty() && !health.call(shared, () -> merged(reports), () -> false)) {
            alone.write(reports, outcomes);
            return;
        }
        reports.forEach(outcomes::written);
        // when the engine fails from here on, what was merged waits in it for the next writer
        health.call(shared, () -> writer.holds() && writeMerged(outcomes), () -> false);
    }

    @Override
    public void stopped() {
        writer.stopped();
    }

    private boolean merged(List<PendingJsError> reports) {
        entry.update(state -> state.withReports(reports));
        return true;
    }

    /**
     * Sends again every count that waits for confirmation, then takes every error's pending reports into a count
     * of their own and sends those.
     */
    private boolean writeMerged(Outcomes outcomes) {
        send(entry.read().unconfirmed(), true, outcomes);
        send(moveToUnconfirmed(), false, outcomes);
        return true;
    }

    /**
     * Takes every error's pending reports into a whole count, its record's plus theirs, in one replace; the
     * reports of an error whose count waits for confirmation stay pending, for the next write.
     */
    private Map<String, Unconfirmed> moveToUnconfirmed() {
        SharedJsErrors state = entry.read();
        Map<String, Optional<StoredCount>> found = new TreeMap<>();
        state.pending().forEach((hash, reports) -> {
            if (state.movable(hash).isPresent()) {
                found.put(hash, records.find(reports.first().website(), hash));
            }
        });
        if (found.isEmpty()) {
            return Map.of();
        }
        return entry.take(now -> {
            Map<String, Unconfirmed> moved = new TreeMap<>();
            found.forEach((hash, record) -> now.movable(hash).ifPresent(reports -> moved.put(hash,
                    reports.onto(record))));
            return moved.isEmpty() ? Optional.empty() : Optional.of(moved);
        }, (now, moved) -> now.moved(moved, inFlight.self())).orElse(Map.of());
    }

    /**
     * Sends {@code writes} ({@code again} when they were sent before), then takes those PocketBase took or
     * refused out of the shared entry, in one replace, also when a passing failure stops the rest. An error
     * whose count another instance sent and may still land waits for it.
     */
    private void send(Map<String, Unconfirmed> writes, boolean again, Outcomes outcomes) {
        Map<String, Unconfirmed> done = new TreeMap<>();
        try {
            writes.forEach((hash, write) -> {
                if (!inFlight.claim(hash, write)) {
                    return;
                }
                try {
                    done.put(hash, inFlight.send(hash, () -> sent(hash, write, again)));
                } catch (PocketBaseException e) {
                    if (e.keepsRecord()) {
                        throw e;
                    }
                    done.put(hash, write);
                    outcomes.refused(List.of(), e);
                }
            });
        } finally {
            if (!done.isEmpty()) {
                entry.update(state -> state.confirmed(done));
            }
        }
    }

    /**
     * Sends one error's count and returns the write PocketBase took: a create the first time, when the error
     * had no record; else an update, since a create sent before may have landed.
     */
    private Unconfirmed sent(String hash, Unconfirmed write, boolean again) {
        if (write.creates().isPresent() && !again) {
            return created(hash, write);
        }
        try {
            records.update(write.recordId(), write.count(), write.lastSeen());
            return write;
        } catch (PocketBaseException e) {
            if (!e.isNotFound() || write.creates().isEmpty()) {
                throw e;
            }
            // a create that never arrived
            return created(hash, write);
        }
    }

    /** Creates the error's record; when another writer created it first, the same reports go on top of its count. */
    private Unconfirmed created(String hash, Unconfirmed write) {
        if (records.create(write.recordId(), write.creates().orElseThrow(), write.count(), write.lastSeen()).ours()) {
            return write;
        }
        Unconfirmed onTheirs = write.onTopOf(records.get(write.recordId()));
        entry.update(state -> state.withUnconfirmed(hash, write, onTheirs));
        return sent(hash, onTheirs, true);
    }
}
