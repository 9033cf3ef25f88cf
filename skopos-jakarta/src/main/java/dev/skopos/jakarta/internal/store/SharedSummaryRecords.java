package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.cluster.SharedEntry;
import dev.skopos.jakarta.internal.cluster.SharedMap;
import dev.skopos.jakarta.internal.cluster.SharedStateHealth;
import dev.skopos.jakarta.internal.cluster.WriterLease;
import dev.skopos.jakarta.internal.cluster.WriterRole;
import dev.skopos.jakarta.internal.store.SharedDays.Unconfirmed;
import dev.skopos.jakarta.internal.summary.DailySummaries;
import dev.skopos.jakarta.internal.summary.DailySummary;
import jakarta.json.JsonObject;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Supplier;
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
    private final SharedEntry<SharedDays> entry;
    private final Supplier<String> websiteId;
    private final DailySummaries summaries;
    private final DayRecords days;
    private final WriterRole writer;
    private final SummaryRecords alone;
    private final SharedStateHealth health;
    private final InFlightWrites<Unconfirmed, SharedDays> inFlight;
    private volatile boolean sharedEmpty = true;

    /**
     * @param key    the shared entry of this website's summaries
     * @param lease  who writes the shared entry's days to PocketBase
     * @param health told how the engine answers
     * @param clock  what this instance measures how long another's write has been in flight by
     */
    public SharedSummaryRecords(RecordStore store, Supplier<String> websiteId, DailySummaries summaries,
                                SharedMap shared, String key, WriterLease lease, SharedStateHealth health,
                                Clock clock) {
        this.shared = shared;
        this.entry = new SharedEntry<>(shared, key, SharedDays::parse, SharedDays::toJson);
        this.inFlight = new InFlightWrites<>(entry, lease.holder(), clock);
        this.websiteId = websiteId;
        this.summaries = summaries;
        this.days = new DayRecords(store, summaries::switchOff);
        this.writer = new WriterRole(lease, "the daily summaries", LOG);
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
            return writer.holds() ? writeDays() : 0;
        }, alone::write);
    }

    @Override
    public void stopped() {
        writer.stopped();
    }

    /** Merges this instance's gains into the shared entry; whatever the merge throws, they are kept. */
    private void mergeGains() {
        Map<LocalDate, DailySummary> gains = summaries.takeAll();
        if (gains.isEmpty()) {
            return;
        }
        boolean merged = false;
        try {
            entry.update(state -> state.withGains(gains, SummaryRecords.MAX_SUMMARY_BYTES));
            merged = true;
        } finally {
            if (!merged) {
                gains.forEach(summaries::putBack);
            }
        }
    }

    private int writeDays() {
        SortedSet<String> dates = entry.read().keys();
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
            Unconfirmed retry = entry.read().unconfirmed().get(date);
            if (retry != null) {
                if (!sent(date, retry, website)) {
                    // another instance's write of the day may still land: the day waits for it
                    continue;
                }
                written++;
            }
            if (entry.read().pending().containsKey(date) && writePending(website, date)) {
                written++;
            }
        }
        sharedEmpty = entry.read().isEmpty();
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
            sent(date, write, website);
        } else if (inFlight.send(date, () -> days.create(recordId, website, date, write.summary()))) {
            entry.update(state -> state.withUnconfirmed(date, write, null));
        } else {
            // another writer created the day first: the same gains go on top of what it wrote
            JsonObject theirs = days.theirs(website, date);
            Unconfirmed onTheirs = new Unconfirmed(theirs.getString("id"), DailySummary.of(write.summary())
                    .addedTo(DayRecords.summaryOf(theirs), SummaryRecords.MAX_SUMMARY_BYTES));
            entry.update(state -> state.withUnconfirmed(date, write, onTheirs));
            sent(date, onTheirs, website);
        }
        return true;
    }

    /**
     * Takes the day's pending gains into a whole summary of {@code stored} plus them, marked as this instance's
     * to send, in one replace; empty when the day has no pending gains, or a write of it waits for
     * confirmation, which goes first.
     */
    private Optional<Unconfirmed> moveToUnconfirmed(String date, String recordId, JsonObject stored) {
        return entry.take(state -> state.movable(date).map(gains -> new Unconfirmed(recordId,
                DailySummary.of(gains).addedTo(stored, SummaryRecords.MAX_SUMMARY_BYTES))),
                (state, write) -> state.moved(date, write, inFlight.self()));
    }

    /**
     * Sends {@code write} and, once PocketBase took it, drops it from the shared entry; false, sending nothing,
     * while another instance's write of the day may still land.
     */
    private boolean sent(String date, Unconfirmed write, String website) {
        if (!inFlight.claim(date, write)) {
            return false;
        }
        inFlight.send(date, () -> {
            days.save(write.recordId(), website, date, write.summary());
            return write;
        });
        entry.update(state -> state.withUnconfirmed(date, write, null));
        return true;
    }
}
