package dev.skopos.jakarta.store;

import dev.skopos.jakarta.cluster.EntryChange;
import dev.skopos.jakarta.cluster.SharedMap;
import dev.skopos.jakarta.cluster.SharedStateException;
import dev.skopos.jakarta.cluster.SharedStateHealth;
import dev.skopos.jakarta.cluster.WriterLease;
import dev.skopos.jakarta.store.SharedDays.Unconfirmed;
import dev.skopos.jakarta.summary.DailySummaries;
import dev.skopos.jakarta.summary.DailySummary;
import jakarta.json.JsonObject;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Writes the daily summaries of several instances of the tracker exactly, through a {@link SharedMap}: each
 * instance merges its gains into the website's {@link SharedDays} entry with an atomic replace, and the one
 * instance that holds the {@link WriterLease} writes them to the day records. It moves a day's gains into an
 * unconfirmed whole summary in the same replace, before it sends that summary; so a write that may have
 * landed is sent again as it was, by whichever instance holds the lease next, and gains merged by an
 * instance that died since are written all the same.
 *
 * <p>When the engine fails, this instance writes its own gains alone, adding them to what PocketBase holds,
 * as a single instance does (concurrent writers may then lose each other's gains), and tells the
 * {@link SharedStateHealth}; it goes back to the shared entry as soon as the engine answers again.
 */
public final class SharedSummaryRecords implements SummaryWriter {
    private static final Logger LOG = Logger.getLogger(SharedSummaryRecords.class.getName());


    private final SharedMap shared;
    private final String key;
    private final Supplier<String> websiteId;
    private final DailySummaries summaries;
    private final DayRecords days;
    private final WriterLease lease;
    private final SummaryRecords alone;
    private final SharedStateHealth health;
    private volatile boolean sharedEmpty = true;
    /** Whether this instance held the lease at its last write; only the flushing thread reads it. */
    private boolean writing;

    /**
     * @param key   the shared entry of this website's summaries
     * @param lease  who writes the shared entry's days to PocketBase
     * @param health told how the engine answers
     */
    public SharedSummaryRecords(RecordStore store, Supplier<String> websiteId, DailySummaries summaries,
                                SharedMap shared, String key, WriterLease lease, SharedStateHealth health) {
        this.shared = shared;
        this.key = key;
        this.websiteId = websiteId;
        this.summaries = summaries;
        this.days = new DayRecords(store, summaries::switchOff);
        this.lease = lease;
        this.alone = new SummaryRecords(store, websiteId, summaries);
        this.health = health;
    }

    @Override
    public void checkCollection(String websiteId) {
        days.checkCollection(websiteId);
    }

    /** Whether this instance's gains are merged and, while it writes for all, every shared day is written. */
    @Override
    public boolean isEmpty() {
        return summaries.isEmpty() && alone.isEmpty() && sharedEmpty;
    }

    @Override
    public int write() {
        if (!summaries.enabled()) {
            return 0;
        }
        return health.call(shared, () -> {
            mergeGains();
            return holdsLease() ? writeDays() : 0;
        }, alone::write);
    }

    @Override
    public void stopped() {
        try {
            lease.release();
        } catch (SharedStateException e) {
            // the lease ends on its own after its term
            LOG.fine(() -> "Skopos could not release the summary writer's lease: " + e.getMessage());
        }
    }

    /** Whether this instance writes for all now; says so when it starts to, so operators can tell which does. */
    private boolean holdsLease() {
        boolean holds = lease.hold();
        if (holds && !writing) {
            LOG.info("Skopos on this instance now writes the daily summaries of all instances (" + shared.describe()
                    + ")");
        }
        writing = holds;
        return holds;
    }

    private void mergeGains() {
        Map<LocalDate, DailySummary> gains = summaries.takeAll();
        if (gains.isEmpty()) {
            return;
        }
        try {
            update(state -> state.withGains(gains, SummaryRecords.MAX_SUMMARY_BYTES));
        } catch (SharedStateException e) {
            gains.forEach(summaries::putBack);
            throw e;
        }
    }

    private int writeDays() {
        SortedSet<String> dates = read().dates();
        if (dates.isEmpty()) {
            // nothing to write, so nothing needs the website, which may not be loaded yet
            sharedEmpty = true;
            return 0;
        }
        String website = websiteId.get();
        int written = 0;
        for (String date : dates) {
            if (!summaries.enabled()) {
                break;
            }
            Unconfirmed retry = read().unconfirmed().get(date);
            if (retry != null) {
                confirm(date, retry, website);
                written++;
            }
            if (read().pending().containsKey(date) && writePending(website, date)) {
                written++;
            }
        }
        sharedEmpty = read().isEmpty();
        return written;
    }

    /** Writes a day's pending gains, added to what its record holds; false when the collection is missing. */
    private boolean writePending(String website, String date) {
        Optional<JsonObject> record = days.find(website, date);
        if (!summaries.enabled()) {
            return false;
        }
        String recordId = record.map(found -> found.getString("id"))
                .orElseGet(() -> DayRecords.derivedId(website, date));
        Optional<Unconfirmed> moved = moveToUnconfirmed(date, recordId, record.map(DayRecords::summaryOf)
                .orElse(JsonObject.EMPTY_JSON_OBJECT));
        if (moved.isEmpty()) {
            return false;
        }
        Unconfirmed write = moved.get();
        if (record.isPresent()) {
            confirm(date, write, website);
        } else if (days.create(recordId, website, date, write.summary())) {
            update(state -> state.withUnconfirmed(date, write, null));
        } else {
            // another writer created the day first: the same gains go on top of what it wrote
            JsonObject theirs = days.theirs(website, date);
            Unconfirmed onTheirs = new Unconfirmed(theirs.getString("id"), DailySummary.of(write.summary())
                    .addedTo(DayRecords.summaryOf(theirs), SummaryRecords.MAX_SUMMARY_BYTES));
            update(state -> state.withUnconfirmed(date, write, onTheirs));
            confirm(date, onTheirs, website);
        }
        return true;
    }

    /**
     * Takes the day's pending gains into a whole summary of {@code stored} plus them, in one replace; empty
     * when the day has no pending gains, or a write of it waits for confirmation, which goes first.
     */
    private Optional<Unconfirmed> moveToUnconfirmed(String date, String recordId, JsonObject stored) {
        return shared.change(key, before -> {
            SharedDays state = SharedDays.parse(before);
            JsonObject gains = state.pending().get(date);
            if (gains == null || state.unconfirmed().containsKey(date)) {
                return EntryChange.none(Optional.empty());
            }
            Unconfirmed write = new Unconfirmed(recordId, DailySummary.of(gains)
                    .addedTo(stored, SummaryRecords.MAX_SUMMARY_BYTES));
            return EntryChange.to(state.moved(date, write).toJson(), Optional.of(write));
        });
    }

    /** Sends {@code write} and, once PocketBase took it, drops it from the shared entry. */
    private void confirm(String date, Unconfirmed write, String website) {
        days.save(write.recordId(), website, date, write.summary());
        update(state -> state.withUnconfirmed(date, write, null));
    }

    private SharedDays read() {
        return SharedDays.parse(shared.get(key));
    }

    /** Applies {@code change} to the shared entry; a change that leaves it as it is costs no write. */
    private void update(UnaryOperator<SharedDays> change) {
        shared.change(key, before -> {
            SharedDays state = SharedDays.parse(before);
            SharedDays after = change.apply(state);
            return after == state ? EntryChange.none(null) : EntryChange.to(after.toJson(), null);
        });
    }
}
