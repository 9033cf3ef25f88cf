package dev.skopos.jakarta.store;

import dev.skopos.jakarta.cluster.SharedEntry;
import dev.skopos.jakarta.cluster.SharedMap;
import dev.skopos.jakarta.cluster.SharedStateHealth;
import dev.skopos.jakarta.cluster.WriterLease;
import dev.skopos.jakarta.cluster.WriterRole;
import dev.skopos.jakarta.pocketbase.PocketBaseException;
import dev.skopos.jakarta.queue.PendingJsError;
import dev.skopos.jakarta.store.JsErrorRecords.FirstReport;
import dev.skopos.jakarta.store.JsErrorRecords.StoredCount;
import dev.skopos.jakarta.store.SharedJsErrors.Reports;
import dev.skopos.jakarta.store.SharedJsErrors.Unconfirmed;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Writes the JS error reports of several instances of the tracker exactly, through a {@link SharedMap}: each
 * instance merges the reports of a flush into the website's {@link SharedJsErrors} entry with one atomic
 * replace, and from then on counts them as written; the one instance that holds the {@link WriterLease}
 * writes them to the error records. It moves an error's pending reports into an unconfirmed whole count in the
 * same replace, before it sends that count; so a write that may have landed is sent again as it was, by
 * whichever instance holds the lease next, and reports merged by an instance that died since are written all
 * the same.
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

    /**
     * @param alone  writes this instance's reports while the engine fails
     * @param key    the shared entry of this website's JS errors
     * @param lease  who writes the shared entry's errors to PocketBase
     * @param health told how the engine answers
     */
    public SharedJsErrorRecords(RecordStore store, JsErrorWriter alone, SharedMap shared, String key,
                                WriterLease lease, SharedStateHealth health) {
        this.shared = shared;
        this.entry = new SharedEntry<>(shared, key, SharedJsErrors::parse, SharedJsErrors::toJson);
        this.records = new JsErrorRecords(store, new IdempotentCreates(store));
        this.writer = new WriterRole(lease, "the JS error counts", LOG);
        this.alone = alone;
        this.health = health;
    }

    /**
     * Merges {@code reports} into the shared entry, where they count as written; then, if this instance holds
     * the lease, writes every error the instances merged.
     *
     * @throws PocketBaseException when PocketBase fails for a while; everything stays in the shared entry
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

    /** Writes every error of the shared entry; one whose record PocketBase refuses is dropped from it. */
    private boolean writeMerged(Outcomes outcomes) {
        for (String hash : entry.read().keys()) {
            try {
                writeError(hash);
            } catch (PocketBaseException e) {
                if (e.keepsRecord()) {
                    throw e;
                }
                entry.update(state -> state.without(hash));
                outcomes.refused(0, e);
            }
        }
        return true;
    }

    /** Sends the error's unconfirmed count again, if it has one, then writes its pending reports. */
    private void writeError(String hash) {
        SharedJsErrors state = entry.read();
        Unconfirmed retry = state.unconfirmed().get(hash);
        if (retry != null) {
            send(hash, retry);
        }
        Reports pending = state.pending().get(hash);
        if (pending != null) {
            writePending(hash, pending.first());
        }
    }

    /**
     * Takes the error's pending reports into a whole count, the record's plus theirs, in one replace, and
     * writes it: an update of the record found, or a create when the error has none.
     */
    private void writePending(String hash, FirstReport first) {
        Optional<StoredCount> record = records.find(first.website(), hash);
        String recordId = record.map(StoredCount::id).orElseGet(() -> JsErrorRecords.derivedId(first.website(),
                hash));
        long stored = record.map(StoredCount::count).orElse(0L);
        Optional<Unconfirmed> moved = entry.take(state -> state.movable(hash).map(reports -> new Unconfirmed(
                recordId, stored + reports.count(), reports.lastSeen(),
                record.isPresent() ? Optional.empty() : Optional.of(reports.first()))),
                (state, write) -> state.moved(hash, write));
        if (moved.isEmpty()) {
            return;
        }
        if (record.isPresent()) {
            send(hash, moved.get());
        } else {
            create(hash, moved.get());
        }
    }

    /** Sends a count that may have been sent before; a create that never arrived is made again. */
    private void send(String hash, Unconfirmed write) {
        try {
            records.update(write.recordId(), write.count(), write.lastSeen());
        } catch (PocketBaseException e) {
            if (!e.isNotFound() || write.creates().isEmpty()) {
                throw e;
            }
            create(hash, write);
            return;
        }
        confirm(hash, write);
    }

    /** Creates the error's record; when another writer created it first, the same reports go on top of its count. */
    private void create(String hash, Unconfirmed write) {
        if (records.create(write.recordId(), write.creates().orElseThrow(), write.count(), write.lastSeen())) {
            confirm(hash, write);
            return;
        }
        Unconfirmed onTheirs = write.onTopOf(records.get(write.recordId()));
        entry.update(state -> state.withUnconfirmed(hash, write, onTheirs));
        send(hash, onTheirs);
    }

    /** PocketBase took {@code write}: it leaves the shared entry. */
    private void confirm(String hash, Unconfirmed write) {
        entry.update(state -> state.withUnconfirmed(hash, write, null));
    }
}
