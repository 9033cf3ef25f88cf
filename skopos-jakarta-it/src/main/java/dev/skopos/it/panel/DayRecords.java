package dev.skopos.it.panel;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The records the Skopos dashboard (0.38 and later) reads for today: each collection scoped by its own
 * {@code created}, from midnight UTC to now. Sessions come oldest first, each with its events of the day in the
 * order they were created; an event of the day whose session began on another day counts among the page views
 * but belongs to none of the day's sessions.
 */
final class DayRecords {
    private static final Comparator<JsonObject> BY_CREATED = Comparator.comparing(record -> instant(record, "created"));

    private final List<JsonObject> sessions;
    private final List<JsonObject> events;
    private final List<JsonObject> jsErrors;
    private final Map<String, List<JsonObject>> eventsBySession = new HashMap<>();

    /** The records among those given whose {@code created} lies from {@code dayStart} to {@code now}. */
    DayRecords(List<JsonObject> sessions, List<JsonObject> events, List<JsonObject> jsErrors, Instant dayStart,
               Instant now) {
        this.sessions = createdBetween(sessions, dayStart, now);
        this.events = createdBetween(events, dayStart, now);
        this.jsErrors = createdBetween(jsErrors, dayStart, now);
        this.events.forEach(event -> eventsBySession.computeIfAbsent(text(event, "session"), id -> new ArrayList<>())
                .add(event));
    }

    private static List<JsonObject> createdBetween(List<JsonObject> records, Instant from, Instant to) {
        return records.stream().filter(record -> {
            Instant created = instant(record, "created");
            return !created.isBefore(from) && !created.isAfter(to);
        }).sorted(BY_CREATED).toList();
    }

    /** The day's sessions, oldest first. */
    List<JsonObject> sessions() {
        return sessions;
    }

    /** The day's events of {@code session}, in the order they were created. */
    List<JsonObject> eventsOf(JsonObject session) {
        return eventsBySession.getOrDefault(text(session, "id"), List.of());
    }

    /** Every page view of the day, whichever day its session began. */
    int pageViews() {
        return (int) events.stream().filter(DayRecords::isPageView).count();
    }

    /** The JS error records first written today, with all the reports they have counted since. */
    List<JsonObject> jsErrors() {
        return jsErrors;
    }

    static boolean isPageView(JsonObject event) {
        return "pageView".equals(text(event, "type"));
    }

    /** A text field, empty where it is missing or not text. */
    static String text(JsonObject record, String field) {
        JsonValue value = record.get(field);
        return value instanceof JsonString string ? string.getString() : "";
    }

    /** A PocketBase date, {@code 2026-01-31 12:00:00.000Z}. */
    static Instant instant(JsonObject record, String field) {
        return Instant.parse(text(record, field).replace(' ', 'T'));
    }
}
