package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.pocketbase.Filter;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseDates;
import dev.skopos.jakarta.internal.pocketbase.RecordIds;
import dev.skopos.jakarta.internal.support.Text;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Optional;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * The {@code js_errors} records, one per website and error, as the JS error writers read and write them:
 * found by the error's hash (so one the reference SDK created under an id of its own is found too), created
 * under an id derived from website and hash (so that two writers creating the same error meet on one record),
 * and updated with absolute values. Every method throws
 * {@link dev.skopos.jakarta.internal.pocketbase.PocketBaseException} when PocketBase fails or refuses.
 */
final class JsErrorRecords {
    static final String JS_ERRORS = "js_errors";
    private static final int MAX_STORED_STACK = 2048;

    private final RecordStore store;
    private final IdempotentCreates creates;

    JsErrorRecords(RecordStore store, IdempotentCreates creates) {
        this.store = store;
        this.creates = creates;
    }

    /**
     * What a new record of an error holds besides its count: the fields of the error's first report.
     *
     * @param session    the record id of the report's session
     * @param stackTrace cut to the length stored
     */
    record FirstReport(String website, String session, String hash, String message, String stackTrace,
                       String url) {
        FirstReport {
            stackTrace = Text.truncate(stackTrace, MAX_STORED_STACK);
        }
    }

    /**
     * An error record's id, the count it holds and the time of its latest report, as a writer last wrote or read
     * it ({@link Instant#EPOCH} for none).
     */
    record StoredCount(String id, long count, Instant lastSeen) {
        static StoredCount of(JsonObject record) {
            return new StoredCount(record.getString("id"),
                    record.get("count") instanceof JsonNumber count ? count.longValue() : 0,
                    PocketBaseDates.parse(record.getString("lastSeen", "")).orElse(Instant.EPOCH));
        }

        /**
         * The later of the record's latest report and {@code reported}: reports written late (an instance that
         * merged its own after another's later ones) never move the record's time back.
         */
        Instant latest(Instant reported) {
            return reported.isAfter(lastSeen) ? reported : lastSeen;
        }
    }

    /** The id the record of an error is created under. */
    static String derivedId(String website, String hash) {
        return RecordIds.derived(JS_ERRORS, website, hash);
    }

    /** The website's record of the error, whoever created it. */
    Optional<StoredCount> find(String website, String hash) {
        return store.findFirst(JS_ERRORS, Filter.eq("errorHash", hash).and(Filter.eq("website", website)))
                .map(StoredCount::of);
    }

    StoredCount get(String id) {
        return StoredCount.of(store.get(JS_ERRORS, id));
    }

    /** Creates the record of {@code first}'s error as {@code id}; returns who created it. */
    IdempotentCreates.Outcome create(String id, FirstReport first, long count, Instant lastSeen) {
        return creates.create(JS_ERRORS, id, JSON.createObjectBuilder()
                .add("website", first.website())
                .add("session", first.session())
                .add("errorHash", first.hash())
                .add("errorMessage", first.message())
                .add("stackTrace", first.stackTrace())
                .add("url", first.url())
                .add("count", count)
                .add("lastSeen", PocketBaseDates.format(lastSeen))
                .build());
    }

    /** Sets the record's count and time of the latest report. */
    void update(String id, long count, Instant lastSeen) {
        store.update(JS_ERRORS, id, JSON.createObjectBuilder().add("count", count)
                .add("lastSeen", PocketBaseDates.format(lastSeen)).build());
    }
}
