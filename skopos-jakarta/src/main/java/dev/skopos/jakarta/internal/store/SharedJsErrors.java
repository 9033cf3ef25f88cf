package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.store.JsErrorRecords.FirstReport;
import dev.skopos.jakarta.internal.store.JsErrorRecords.StoredCount;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * What waits to be written to one website's {@code js_errors} records, as the instances share it. Stored as
 * JSON text; every change makes a new value, put in place of the one it was computed from.
 *
 * @param pending     by error hash, the reports every instance merged in and no write has taken yet
 * @param unconfirmed by error hash, the record's whole count as last sent: sent again as it is, never added twice
 * @param sending     by error hash, the instance that sent its unconfirmed count and has no answer yet
 */
record SharedJsErrors(Map<String, Reports> pending, Map<String, Unconfirmed> unconfirmed, Map<String, String> sending)
        implements SharedWrites<SharedJsErrors.Reports, SharedJsErrors.Unconfirmed, SharedJsErrors> {
    static final SharedJsErrors NONE = new SharedJsErrors(Map.of(), Map.of(), Map.of());

    /** Reports of one error: how many, when the latest came, and the first one's fields for a new record. */
    record Reports(long count, Instant lastSeen, FirstReport first) {
        static Reports of(PendingJsError error) {
            return new Reports(error.count(), error.lastSeen(), new FirstReport(error.websiteId(),
                    error.session().recordId(), error.hash(), error.message(), error.stackTrace(), error.url()));
        }

        /** A whole count of these reports on top of the error's record, or for a new record when it has none. */
        Unconfirmed onto(Optional<StoredCount> record) {
            return record.map(found -> new Unconfirmed(found.id(), found.count() + count, found.latest(lastSeen),
                            Optional.empty()))
                    .orElseGet(() -> new Unconfirmed(JsErrorRecords.derivedId(first.website(), first.hash()), count,
                            lastSeen, Optional.of(first)));
        }

        Reports mergedWith(Reports later) {
            return new Reports(count + later.count, lastSeen.isAfter(later.lastSeen) ? lastSeen : later.lastSeen,
                    first);
        }
    }

    /**
     * An error record's whole count and latest report time as sent.
     *
     * @param creates the fields to create the record with, when the error had none
     */
    record Unconfirmed(String recordId, long count, Instant lastSeen, Optional<FirstReport> creates) {
        /** The same reports added to the count of the record another writer created first. */
        Unconfirmed onTopOf(StoredCount theirs) {
            return new Unconfirmed(theirs.id(), theirs.count() + count, theirs.latest(lastSeen), Optional.empty());
        }
    }

    SharedJsErrors {
        pending = Collections.unmodifiableMap(new TreeMap<>(pending));
        unconfirmed = Collections.unmodifiableMap(new TreeMap<>(unconfirmed));
        sending = Collections.unmodifiableMap(new TreeMap<>(sending));
    }

    @Override
    public SharedJsErrors with(Map<String, Reports> pending, Map<String, Unconfirmed> unconfirmed,
                               Map<String, String> sending) {
        return new SharedJsErrors(pending, unconfirmed, sending);
    }

    static SharedJsErrors parse(Optional<String> text) {
        return SharedWrites.parse(text, NONE, SharedJsErrors::reportsOf, SharedJsErrors::writeOf);
    }

    String toJson() {
        return toJson(SharedJsErrors::json, SharedJsErrors::json);
    }

    /** With {@code errors} added to the pending reports of their hashes. */
    SharedJsErrors withReports(Collection<PendingJsError> errors) {
        Map<String, Reports> merged = new TreeMap<>(pending);
        errors.forEach(error -> merged.merge(error.hash(), Reports.of(error), Reports::mergedWith));
        return new SharedJsErrors(merged, unconfirmed, sending);
    }

    private static JsonObject json(Reports reports) {
        return counted(reports.count(), reports.lastSeen()).add("first", json(reports.first())).build();
    }

    private static Reports reportsOf(JsonObject json) {
        return new Reports(count(json), lastSeen(json), firstReportOf(json.getJsonObject("first")));
    }

    private static JsonObject json(Unconfirmed write) {
        JsonObjectBuilder sent = counted(write.count(), write.lastSeen()).add("id", write.recordId());
        write.creates().ifPresent(first -> sent.add("creates", json(first)));
        return sent.build();
    }

    private static Unconfirmed writeOf(JsonObject json) {
        return new Unconfirmed(json.getString("id"), count(json), lastSeen(json),
                Optional.ofNullable(json.getJsonObject("creates")).map(SharedJsErrors::firstReportOf));
    }

    private static JsonObject json(FirstReport first) {
        return JSON.createObjectBuilder().add("website", first.website()).add("session", first.session())
                .add("hash", first.hash()).add("message", first.message()).add("stackTrace", first.stackTrace())
                .add("url", first.url()).build();
    }

    private static FirstReport firstReportOf(JsonObject json) {
        return new FirstReport(json.getString("website"), json.getString("session"), json.getString("hash"),
                json.getString("message"), json.getString("stackTrace"), json.getString("url"));
    }

    private static JsonObjectBuilder counted(long count, Instant lastSeen) {
        return JSON.createObjectBuilder().add("count", count).add("lastSeen", lastSeen.toString());
    }

    private static long count(JsonObject json) {
        return json.getJsonNumber("count").longValue();
    }

    private static Instant lastSeen(JsonObject json) {
        return Instant.parse(json.getString("lastSeen"));
    }
}
