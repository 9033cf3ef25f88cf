package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.summary.DailySummaries;
import dev.skopos.jakarta.internal.summary.DailySummary;
import jakarta.json.JsonObject;

import java.time.LocalDate;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
     * {@link dev.skopos.jakarta.internal.pocketbase.JsonFieldSize}). PocketBase refuses a JSON field value over its size
     * limit, which is 1 MiB by default in current versions (1,048,576 bytes on 0.40.6, measured; 5 MiB in
     * 0.23.0; the dashboard's schema leaves the default); this stays under it with room for the figures the
     * dashboard's nightly job adds.
     */
    public static final int MAX_SUMMARY_BYTES = 1_000_000;

    private final Supplier<String> websiteId;
    private final DailySummaries summaries;
    private final DayRecords days;
    private final Map<LocalDate, UnconfirmedDay> unconfirmed = new ConcurrentSkipListMap<>();

    /** Writes the gains of {@code summaries} for the website whose record id {@code websiteId} gives once loaded. */
    public SummaryRecords(RecordStore store, Supplier<String> websiteId, DailySummaries summaries) {
        this.websiteId = websiteId;
        this.summaries = summaries;
        this.days = new DayRecords(store, () -> {
            summaries.switchOff();
            unconfirmed.clear();
        });
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
     * Adds every day's gains to its {@code dash_sum} record; returns how many days were written.
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
        Set<LocalDate> days = new TreeSet<>(gains.keySet());
        days.addAll(unconfirmed.keySet());
        int written = 0;
        try {
            for (Iterator<LocalDate> pending = days.iterator(); pending.hasNext() && summaries.enabled(); ) {
                LocalDate day = pending.next();
                DailySummary dayGains = Optional.ofNullable(gains.remove(day)).orElseGet(DailySummary::new);
                if ((!dayGains.isEmpty() || unconfirmed.containsKey(day)) && writeKeepingGains(day, dayGains)) {
                    written++;
                }
            }
        } finally {
            // the days not reached keep their gains
            if (summaries.enabled()) {
                gains.forEach(summaries::putBack);
            }
        }
        return written;
    }

    /**
     * Writes a day as {@link #writeDay} does; whatever that throws before the day's gains are in its unconfirmed
     * summary, they go back to the summaries for the next write.
     */
    private boolean writeKeepingGains(LocalDate day, DailySummary gains) {
        UnconfirmedDay before = unconfirmed.get(day);
        boolean returned = false;
        try {
            boolean written = writeDay(day, gains);
            returned = true;
            return written;
        } finally {
            if (!returned && unconfirmed.get(day) == before && !gains.isEmpty() && summaries.enabled()) {
                summaries.putBack(day, gains);
            }
        }
    }

    /**
     * A day's summary as last written but not confirmed: PocketBase failed, or its answer was lost after it may
     * have saved the write. The next write sends it again, with later gains added, instead of adding the same
     * gains to what PocketBase now holds a second time.
     *
     * @param recordId the day record's id
     * @param summary  the whole {@code summary} value written
     */
    private record UnconfirmedDay(String recordId, JsonObject summary) {
    }

    /** Adds a day's gains to its record; false when the collection turned out to be missing. */
    private boolean writeDay(LocalDate day, DailySummary gains) {
        String date = DayRecords.date(day);
        String website = websiteId.get();
        UnconfirmedDay retry = unconfirmed.get(day);
        if (retry != null) {
            save(day, website, date, new UnconfirmedDay(retry.recordId(), gains.addedTo(retry.summary(),
                    MAX_SUMMARY_BYTES)));
            return true;
        }
        Optional<JsonObject> stored = days.find(website, date);
        if (!summaries.enabled()) {
            return false;
        }
        if (stored.isPresent()) {
            JsonObject record = stored.get();
            save(day, website, date, new UnconfirmedDay(record.getString("id"),
                    gains.addedTo(DayRecords.summaryOf(record), MAX_SUMMARY_BYTES)));
            return true;
        }
        String ourId = DayRecords.derivedId(website, date);
        UnconfirmedDay created = new UnconfirmedDay(ourId, gains.addedTo(JsonObject.EMPTY_JSON_OBJECT,
                MAX_SUMMARY_BYTES));
        unconfirmed.put(day, created);
        if (days.create(ourId, website, date, created.summary())) {
            unconfirmed.remove(day);
            return true;
        }
        // another instance created the day first: add the gains to what it wrote
        unconfirmed.remove(day);
        JsonObject theirs = days.theirs(website, date);
        save(day, website, date, new UnconfirmedDay(theirs.getString("id"), gains.addedTo(DayRecords.summaryOf(theirs),
                MAX_SUMMARY_BYTES)));
        return true;
    }

    /** Writes a day's whole summary; until PocketBase confirms it, the day stays unconfirmed. */
    private void save(LocalDate day, String website, String date, UnconfirmedDay target) {
        unconfirmed.put(day, target);
        days.save(target.recordId(), website, date, target.summary());
        unconfirmed.remove(day);
    }
}
