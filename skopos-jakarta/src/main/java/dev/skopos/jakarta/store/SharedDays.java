package dev.skopos.jakarta.store;

import dev.skopos.jakarta.summary.DailySummary;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.skopos.jakarta.support.JsonProviders.JSON;

/**
 * What waits to be written to one website's day records, as the instances share it: the gains every instance
 * merged in, per day, and per day the whole summary last sent to PocketBase without confirmation. Stored as
 * JSON text; every change makes a new value, put in place of the one it was computed from.
 *
 * @param pending     gains not yet in any write, by the day record's {@code date}, each a {@code summary} value
 * @param unconfirmed the write that may or may not have landed, by date: sent again as it is, never added twice
 */
record SharedDays(Map<String, JsonObject> pending, Map<String, Unconfirmed> unconfirmed) {
    static final SharedDays NONE = new SharedDays(Map.of(), Map.of());

    /** A day's whole summary as sent to its record. */
    record Unconfirmed(String recordId, JsonObject summary) {
    }

    SharedDays {
        pending = Collections.unmodifiableMap(new TreeMap<>(pending));
        unconfirmed = Collections.unmodifiableMap(new TreeMap<>(unconfirmed));
    }

    static SharedDays parse(Optional<String> text) {
        if (text.isEmpty()) {
            return NONE;
        }
        JsonObject json = JSON.createReader(new StringReader(text.get())).readObject();
        Map<String, JsonObject> pending = new TreeMap<>();
        json.getJsonObject("pending").forEach((date, gains) -> pending.put(date, gains.asJsonObject()));
        Map<String, Unconfirmed> unconfirmed = new TreeMap<>();
        json.getJsonObject("unconfirmed").forEach((date, write) -> unconfirmed.put(date, new Unconfirmed(
                write.asJsonObject().getString("id"), write.asJsonObject().getJsonObject("summary"))));
        return new SharedDays(pending, unconfirmed);
    }

    String toJson() {
        JsonObjectBuilder writes = JSON.createObjectBuilder();
        unconfirmed.forEach((date, write) -> writes.add(date, JSON.createObjectBuilder()
                .add("id", write.recordId()).add("summary", write.summary())));
        JsonObjectBuilder gains = JSON.createObjectBuilder();
        pending.forEach(gains::add);
        return JSON.createObjectBuilder().add("pending", gains).add("unconfirmed", writes).build().toString();
    }

    boolean isEmpty() {
        return pending.isEmpty() && unconfirmed.isEmpty();
    }

    /** Every date with gains or an unconfirmed write, oldest first. */
    SortedSet<String> dates() {
        SortedSet<String> dates = new TreeSet<>(pending.keySet());
        dates.addAll(unconfirmed.keySet());
        return dates;
    }

    /** With {@code gains} added to each day's pending gains. */
    SharedDays withGains(Map<LocalDate, DailySummary> gains, int maxBytes) {
        Map<String, JsonObject> merged = new TreeMap<>(pending);
        gains.forEach((day, dayGains) -> merged.merge(DayRecords.date(day),
                dayGains.addedTo(JsonValue.EMPTY_JSON_OBJECT, maxBytes), (before, added) ->
                        dayGains.addedTo(before, maxBytes)));
        return new SharedDays(merged, unconfirmed);
    }

    /** With the day's pending gains taken into {@code write}, which now waits for confirmation. */
    SharedDays moved(String date, Unconfirmed write) {
        Map<String, JsonObject> rest = new TreeMap<>(pending);
        rest.remove(date);
        Map<String, Unconfirmed> writes = new TreeMap<>(unconfirmed);
        writes.put(date, write);
        return new SharedDays(rest, writes);
    }

    /** With the day's unconfirmed write {@code expected} replaced by {@code replacement}, or gone if null. */
    SharedDays withUnconfirmed(String date, Unconfirmed expected, Unconfirmed replacement) {
        if (!expected.equals(unconfirmed.get(date))) {
            return this;
        }
        Map<String, Unconfirmed> writes = new TreeMap<>(unconfirmed);
        if (replacement == null) {
            writes.remove(date);
        } else {
            writes.put(date, replacement);
        }
        return new SharedDays(pending, writes);
    }
}
