package dev.skopos.it.panel;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Today's figures as the Skopos dashboard (0.38 and later) computes them from the raw {@code sessions} and
 * {@code events} records, so that the demo panel and the dashboard show the same numbers for the same data.
 * <ul>
 *     <li>The day is the UTC day of {@code now}; its visitors are the sessions created that day, its page views
 *     the {@code pageView} events created that day, whichever session they belong to.</li>
 *     <li>A session is engaged when, among its events of the day in the order they were created, one after the
 *     first is not the {@code exit} event, or any carries {@code eventData.duration} above 10 (seconds).</li>
 *     <li>A session lasts from its {@code created} to its {@code updated}; the average counts every session of
 *     the day, those of no positive length as zero.</li>
 *     <li>Active users are sessions, of any day, updated in the last five minutes (to the second), none for an
 *     archived website.</li>
 *     <li>Top pages count the page views of the day's sessions, as shares of all page views; countries count
 *     the day's sessions by {@code country}, {@code Unknown} where it is empty.</li>
 * </ul>
 *
 * @param partial whether the records it was computed from were cut short (see {@link PocketBaseReader})
 */
public record TodayFigures(LocalDate day, int pageViews, int visitors, int newVisitors, int returningVisitors,
                           int engagementRate, long averageSessionSeconds, int activeUsers,
                           List<Share> topPages, List<Share> countries, boolean partial) {
    private static final Duration ACTIVE_WINDOW = Duration.ofMinutes(5);
    private static final double ENGAGING_DURATION_SECONDS = 10;
    private static final String EXIT_EVENT = "exit";
    private static final int LIST_LENGTH = 10;
    /** The numeric prefix JavaScript's {@code parseFloat} reads from a string. */
    private static final Pattern LEADING_NUMBER = Pattern.compile("^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** One line of a breakdown: a key, how often it occurred and its whole-number percentage of the total. */
    public record Share(String key, int count, int percentage) {
    }

    /**
     * @param sessions sessions created today or updated in the last five minutes, with {@code id},
     *                 {@code created}, {@code updated}, {@code isNewVisitor} and {@code country}
     * @param events   events created today, with {@code session}, {@code type}, {@code path},
     *                 {@code eventName}, {@code eventData} and {@code created}
     */
    public static TodayFigures compute(List<JsonObject> sessions, List<JsonObject> events, boolean archived,
                                       boolean partial, Instant now) {
        Instant dayStart = dayStart(now);
        Instant activeSince = activeSince(now);

        List<JsonObject> todaysSessions = sessions.stream()
                .filter(session -> !instant(session, "created").isBefore(dayStart))
                .sorted(Comparator.comparing(session -> instant(session, "created")))
                .toList();
        int activeUsers = archived ? 0 : (int) sessions.stream()
                .filter(session -> !instant(session, "updated").isBefore(activeSince)).count();
        int pageViews = (int) events.stream().filter(TodayFigures::isPageView).count();

        Map<String, List<JsonObject>> eventsBySession = new HashMap<>();
        events.stream().sorted(Comparator.comparing(event -> instant(event, "created")))
                .forEach(event -> eventsBySession.computeIfAbsent(text(event, "session"), id -> new ArrayList<>())
                        .add(event));

        int newVisitors = 0;
        int engaged = 0;
        long totalMillis = 0;
        Map<String, Integer> pages = new LinkedHashMap<>();
        Map<String, Integer> countries = new LinkedHashMap<>();
        for (JsonObject session : todaysSessions) {
            if (session.getBoolean("isNewVisitor", false)) {
                newVisitors++;
            }
            List<JsonObject> own = eventsBySession.getOrDefault(session.getString("id"), List.of());
            if (isEngaged(own)) {
                engaged++;
            }
            own.stream().filter(TodayFigures::isPageView).map(event -> text(event, "path"))
                    .filter(path -> !path.isEmpty()).forEach(path -> pages.merge(path, 1, Integer::sum));
            String country = text(session, "country");
            countries.merge(country.isEmpty() ? "Unknown" : country, 1, Integer::sum);
            totalMillis += Math.max(0, Duration.between(instant(session, "created"), instant(session, "updated"))
                    .toMillis());
        }

        int visitors = todaysSessions.size();
        return new TodayFigures(LocalDate.ofInstant(now, ZoneOffset.UTC), pageViews, visitors, newVisitors,
                visitors - newVisitors, percentage(engaged, visitors),
                visitors == 0 ? 0 : Math.round(totalMillis / 1000.0 / visitors),
                activeUsers, shares(pages, pageViews), shares(countries, visitors), partial);
    }

    /** Midnight UTC before {@code now}: the day's sessions and events are those created since. */
    static Instant dayStart(Instant now) {
        return now.truncatedTo(ChronoUnit.DAYS);
    }

    /** Sessions updated since are active: five minutes ago, to the second, as the dashboard asks PocketBase. */
    static Instant activeSince(Instant now) {
        return now.minus(ACTIVE_WINDOW).truncatedTo(ChronoUnit.SECONDS);
    }

    private static boolean isEngaged(List<JsonObject> eventsInOrder) {
        for (int i = 0; i < eventsInOrder.size(); i++) {
            JsonObject event = eventsInOrder.get(i);
            boolean longEnough = duration(event) > ENGAGING_DURATION_SECONDS;
            boolean exit = EXIT_EVENT.equals(text(event, "eventName"));
            if (longEnough || (i >= 1 && !exit)) {
                return true;
            }
        }
        return false;
    }

    /** {@code eventData.duration} as the dashboard reads it (a number, or a string's numeric prefix), else 0. */
    private static double duration(JsonObject event) {
        JsonValue data = event.get("eventData");
        if (!(data instanceof JsonObject object)) {
            return 0;
        }
        JsonValue duration = object.get("duration");
        if (duration instanceof JsonNumber number) {
            return number.doubleValue();
        }
        if (duration instanceof JsonString string) {
            Matcher number = LEADING_NUMBER.matcher(string.getString().strip());
            return number.find() ? Double.parseDouble(number.group()) : 0;
        }
        return 0;
    }

    private static boolean isPageView(JsonObject event) {
        return "pageView".equals(text(event, "type"));
    }

    private static List<Share> shares(Map<String, Integer> counts, int total) {
        if (total == 0) {
            return List.of();
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(LIST_LENGTH)
                .map(entry -> new Share(entry.getKey(), entry.getValue(), percentage(entry.getValue(), total)))
                .toList();
    }

    private static int percentage(int part, int total) {
        return total == 0 ? 0 : (int) Math.round((double) part / total * 100);
    }

    private static String text(JsonObject record, String field) {
        JsonValue value = record.get(field);
        return value instanceof JsonString string ? string.getString() : "";
    }

    /** A PocketBase date, {@code 2026-01-31 12:00:00.000Z}. */
    private static Instant instant(JsonObject record, String field) {
        return Instant.parse(text(record, field).replace(' ', 'T'));
    }

    /** The figures as the panel reads them; the average duration also as the dashboard prints it, {@code mm:ss}. */
    public JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("day", day.toString())
                .add("pageViews", pageViews)
                .add("visitors", visitors)
                .add("newVisitors", newVisitors)
                .add("returningVisitors", returningVisitors)
                .add("engagementRate", engagementRate)
                .add("averageSessionSeconds", averageSessionSeconds)
                .add("averageSessionDuration", String.format("%02d:%02d", averageSessionSeconds / 60,
                        averageSessionSeconds % 60))
                .add("activeUsers", activeUsers)
                .add("topPages", json(topPages))
                .add("countries", json(countries))
                .add("partial", partial)
                .build();
    }

    private static JsonArrayBuilder json(List<Share> shares) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        shares.forEach(share -> array.add(Json.createObjectBuilder().add("key", share.key())
                .add("count", share.count()).add("percentage", share.percentage())));
        return array;
    }
}
