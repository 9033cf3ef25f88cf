package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.summary.DailySummary;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * What waits to be written to one website's day records, as the instances share it: the gains every instance
 * merged in, per day, and per day the whole summary last sent to PocketBase without confirmation. Stored as
 * JSON text; every change makes a new value, put in place of the one it was computed from.
 *
 * @param pending     gains not yet in any write, by the day record's {@code date}, each a {@code summary} value
 * @param unconfirmed the write that may or may not have landed, by date: sent again as it is, never added twice
 * @param sending     by date, the instance that sent its unconfirmed write and has no answer yet
 */
record SharedDays(Map<String, JsonObject> pending, Map<String, Unconfirmed> unconfirmed, Map<String, String> sending)
        implements SharedWrites<JsonObject, SharedDays.Unconfirmed, SharedDays> {
    static final SharedDays NONE = new SharedDays(Map.of(), Map.of(), Map.of());

    /** A day's whole summary as sent to its record. */
    record Unconfirmed(String recordId, JsonObject summary) {
    }

    SharedDays {
        pending = Collections.unmodifiableMap(new TreeMap<>(pending));
        unconfirmed = Collections.unmodifiableMap(new TreeMap<>(unconfirmed));
        sending = Collections.unmodifiableMap(new TreeMap<>(sending));
    }

    @Override
    public SharedDays with(Map<String, JsonObject> pending, Map<String, Unconfirmed> unconfirmed,
                           Map<String, String> sending) {
        return new SharedDays(pending, unconfirmed, sending);
    }

    static SharedDays parse(Optional<String> text) {
        return SharedWrites.parse(text, NONE, gains -> gains,
                write -> new Unconfirmed(write.getString("id"), write.getJsonObject("summary")));
    }

    String toJson() {
        return toJson(gains -> gains, write -> JSON.createObjectBuilder().add("id", write.recordId())
                .add("summary", write.summary()).build());
    }

    /** With {@code gains} added to each day's pending gains. */
    SharedDays withGains(Map<LocalDate, DailySummary> gains, int maxBytes) {
        Map<String, JsonObject> merged = new TreeMap<>(pending);
        gains.forEach((day, dayGains) -> merged.merge(DayRecords.date(day),
                dayGains.mergedWith(JsonValue.EMPTY_JSON_OBJECT, maxBytes), (before, added) ->
                        dayGains.mergedWith(before, maxBytes)));
        return new SharedDays(merged, unconfirmed, sending);
    }
}
