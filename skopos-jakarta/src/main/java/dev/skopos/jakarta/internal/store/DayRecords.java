package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.pocketbase.Filter;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseDates;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.pocketbase.RecordIds;
import jakarta.json.JsonObject;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * The {@code dash_sum} records, one per website and UTC day, as the summary writers read and write them: found
 * by website and date, created under an id derived from both (so that two writers creating the same day meet
 * on one record), and written as a whole {@code summary}.
 */
final class DayRecords {
    static final String DASH_SUM = "dash_sum";

    private final RecordStore store;
    private final IdempotentCreates creates;
    private final Runnable collectionMissing;

    /** {@code collectionMissing} runs when PocketBase answers that there is no {@code dash_sum} collection. */
    DayRecords(RecordStore store, Runnable collectionMissing) {
        this.store = store;
        this.creates = new IdempotentCreates(store);
        this.collectionMissing = collectionMissing;
    }

    static String date(LocalDate day) {
        return PocketBaseDates.format(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** The id a day's record is created under. */
    static String derivedId(String website, String date) {
        return RecordIds.derived(DASH_SUM, website, date);
    }

    static JsonObject summaryOf(JsonObject record) {
        return record.get("summary") instanceof JsonObject summary ? summary : JsonObject.EMPTY_JSON_OBJECT;
    }

    /** Any of the website's day records, only to see whether the collection exists. */
    void checkCollection(String website) {
        find(Filter.eq("website", website));
    }

    /** The website's record of {@code date}, if there is one (and none when the collection is missing). */
    Optional<JsonObject> find(String website, String date) {
        return find(Filter.eq("website", website).and(Filter.eq("date", date)));
    }

    /**
     * Creates a day's record; false when the day has one already, under {@code id} or, created by someone
     * else, under another id: the collection keeps one record per website and date.
     */
    boolean create(String id, String website, String date, JsonObject summary) {
        try {
            return creates.create(DASH_SUM, id, dayRecord(website, date, summary)).ours();
        } catch (PocketBaseException e) {
            if (e.isNotUniqueOnAnyField()) {
                return false;
            }
            throw e;
        }
    }

    /** The day's record that another writer created first, found by website and date. */
    JsonObject theirs(String website, String date) {
        return find(website, date).orElseThrow(() -> new PocketBaseException(404,
                "the " + DASH_SUM + " record of " + date + " was there a moment ago and is gone"));
    }

    /** Writes a day's whole summary, creating the record again if it was deleted meanwhile. */
    void save(String id, String website, String date, JsonObject summary) {
        try {
            store.update(DASH_SUM, id, JSON.createObjectBuilder().add("summary", summary).build());
        } catch (PocketBaseException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            // deleted meanwhile, or an unconfirmed create that never arrived
            create(id, website, date, summary);
        }
    }

    private static JsonObject dayRecord(String website, String date, JsonObject summary) {
        return JSON.createObjectBuilder().add("website", website).add("date", date).add("summary", summary)
                .add("isFinalized", false).build();
    }

    /** The first day record matching {@code filter}; a 404 here means the collection itself is missing. */
    private Optional<JsonObject> find(Filter filter) {
        try {
            return store.findFirst(DASH_SUM, filter);
        } catch (PocketBaseException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            collectionMissing.run();
            return Optional.empty();
        }
    }
}
