package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.summary.DailySummaries;
import dev.skopos.jakarta.internal.summary.DailySummary;
import jakarta.json.JsonObject;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * Writes the gains {@link DailySummaries} counted to each day's {@code dash_sum} record (one per website and
 * UTC day), creating it on first need. A day whose write fails, however it fails, keeps its gains for the next
 * write; a day whose write may have been saved without an answer is sent again as the same whole summary, never
 * added twice. For the pipeline's single writer.
 */
public final class SummaryRecords implements SummaryWriter {
    /**
     * The most JSON a day's {@code summary} may hold, as PocketBase counts it (see
     * {@link dev.skopos.jakarta.internal.pocketbase.JsonFieldSize}). PocketBase refuses a JSON field value over its
     * size limit, which is 1 MiB by default in current versions (1,048,576 bytes on 0.40.6, measured; 5 MiB in
     * 0.23.0; the dashboard's schema leaves the default); this stays under it with room for the figures the
     * dashboard's nightly job adds.
     */
    public static final int MAX_SUMMARY_BYTES = 1_000_000;

    private final Supplier<String> websiteId;
    private final DailySummaries summaries;
    private final DayRecords days;
    private final DayWrites kept;
    private final Map<LocalDate, UnconfirmedDay> unconfirmed = new ConcurrentSkipListMap<>();

    /** Writes the gains of {@code summaries} for the website whose record id {@code websiteId} gives once loaded. */
    public SummaryRecords(RecordStore store, Supplier<String> websiteId, DailySummaries summaries) {
        this(store, websiteId, summaries, DayWrites.NONE);
    }

    /**
     * As {@link #SummaryRecords(RecordStore, Supplier, DailySummaries)}, keeping its day writes in {@code kept}
     * until PocketBase saved them; the writes {@code kept} held unsaved at the last stop are sent first.
     */
    public SummaryRecords(RecordStore store, Supplier<String> websiteId, DailySummaries summaries, DayWrites kept) {
        this.websiteId = websiteId;
        this.summaries = summaries;
        this.kept = kept;
        this.days = new DayRecords(store, () -> {
            summaries.switchOff();
            unconfirmed.keySet().forEach(kept::settled);
            unconfirmed.clear();
        });
        kept.unsaved().forEach(write -> unconfirmed.put(write.day(), new UnconfirmedDay(write, false)));
    }

    /**
     * Dashboards from 0.38 on compute every figure from the raw records and have no {@code dash_sum}
     * collection; then summaries are switched off for good.
     */
    @Override
    public void checkCollection(String websiteId) {
        days.checkCollection(websiteId);
    }

    /** Whether nothing waits to be written: no gains, no day whose last write is unconfirmed. */
    @Override
    public boolean isEmpty() {
        return summaries.isEmpty() && unconfirmed.isEmpty();
    }

    /**
     * Adds every day's gains to its {@code dash_sum} record; returns how many days were written. Each day's whole
     * summary is worked out first, then every day whose write is unconfirmed is sent.
     *
     * @throws PocketBaseException when PocketBase fails; what was not written is kept, as it is whatever else is
     *                             thrown
     */
    @Override
    public int write() {
        if (!summaries.enabled()) {
            return 0;
        }
        Map<LocalDate, DailySummary> gains = summaries.takeAll();
        Map<LocalDate, UnconfirmedDay> writes;
        try {
            writes = dayWrites(gains);
        } catch (RuntimeException e) {
            if (summaries.enabled()) {
                gains.forEach(summaries::putBack);
            }
            throw e;
        }
        if (!summaries.enabled()) {
            return 0;
        }
        unconfirmed.putAll(writes);
        kept.sending(writes.values().stream().map(UnconfirmedDay::write).toList());
        int written = 0;
        for (LocalDate day : List.copyOf(unconfirmed.keySet())) {
            if (!summaries.enabled()) {
                break;
            }
            send(day, unconfirmed.get(day));
            written++;
        }
        return written;
    }

    /**
     * A day's whole summary as a write sends it, until PocketBase confirms it: it may have saved it without an
     * answer. The next write sends it again, with later gains added, instead of adding the same gains to what
     * PocketBase now holds a second time.
     *
     * @param create whether the record is new, created rather than updated
     */
    private record UnconfirmedDay(DayWrite write, boolean create) {
        /** The write that sets a day's record to {@code base} with {@code gains} added. */
        static UnconfirmedDay of(LocalDate day, String recordId, String website, JsonObject base,
                                 DailySummary gains, boolean create) {
            return new UnconfirmedDay(new DayWrite(day, recordId, website, gains.addedTo(base, MAX_SUMMARY_BYTES)),
                    create);
        }

        /** This write with {@code gains} added. */
        UnconfirmedDay plus(DailySummary gains) {
            return of(write.day(), write.recordId(), write.website(), write.summary(), gains, create);
        }
    }

    /**
     * Each day's write with its gains added: to the day's unconfirmed write, or to what its record holds, or to
     * an empty summary for a record to create. Empty when the collection turned out to be missing.
     */
    private Map<LocalDate, UnconfirmedDay> dayWrites(Map<LocalDate, DailySummary> gains) {
        Map<LocalDate, UnconfirmedDay> writes = new TreeMap<>();
        for (Map.Entry<LocalDate, DailySummary> dayGains : gains.entrySet()) {
            LocalDate day = dayGains.getKey();
            DailySummary added = dayGains.getValue();
            if (added.isEmpty()) {
                continue;
            }
            UnconfirmedDay retry = unconfirmed.get(day);
            if (retry != null) {
                writes.put(day, retry.plus(added));
                continue;
            }
            String website = websiteId.get();
            Optional<JsonObject> stored = days.find(website, DayRecords.date(day));
            if (!summaries.enabled()) {
                return Map.of();
            }
            writes.put(day, stored.map(record -> UnconfirmedDay.of(day, record.getString("id"), website,
                            DayRecords.summaryOf(record), added, false))
                    .orElseGet(() -> UnconfirmedDay.of(day, DayRecords.derivedId(website, DayRecords.date(day)),
                            website, JsonObject.EMPTY_JSON_OBJECT, added, true)));
        }
        return writes;
    }

    /** Sends a day's write; once PocketBase confirmed it, the day is settled. */
    private void send(LocalDate day, UnconfirmedDay target) {
        DayWrite write = target.write();
        String date = DayRecords.date(day);
        if (!target.create()) {
            days.save(write.recordId(), write.website(), date, write.summary());
        } else if (!createOnce(day, write)) {
            // another writer created the day first: what was to be created is added to what it wrote
            JsonObject theirs = days.theirs(write.website(), date);
            UnconfirmedDay added = UnconfirmedDay.of(day, theirs.getString("id"), write.website(),
                    DayRecords.summaryOf(theirs), DailySummary.of(write.summary()), false);
            unconfirmed.put(day, added);
            kept.sending(List.of(added.write()));
            days.save(added.write().recordId(), write.website(), date, added.write().summary());
        }
        unconfirmed.remove(day);
        kept.settled(day);
    }

    /** Creates a day's record; sent again, the write is an update, since this create may have landed. */
    private boolean createOnce(LocalDate day, DayWrite write) {
        unconfirmed.put(day, new UnconfirmedDay(write, false));
        return days.create(write.recordId(), write.website(), DayRecords.date(day), write.summary());
    }
}
