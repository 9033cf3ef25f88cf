package dev.skopos.it.panel;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Today's figures as the Skopos dashboard (0.38 and later) computes them from the raw {@code sessions},
 * {@code events} and {@code js_errors} records, so that the demo panel and the dashboard show the same numbers for
 * the same data; the lists are {@link TodayReports}.
 * <ul>
 *     <li>The day is the UTC day of {@code now}; its visitors are the sessions created that day, its page views
 *     the {@code pageView} events created that day, whichever session they belong to ({@link DayRecords}).</li>
 *     <li>A session bounced when exactly one of its events of the day is not the {@code exit} event; one without
 *     events of the day did not. (The dashboard rounds the rate to a day's bounce count before it rounds it to a
 *     share of all sessions, which for one day gives the same.)</li>
 *     <li>A session is engaged when, among its events of the day in the order they were created, one after the
 *     first is not the {@code exit} event, or any carries {@code eventData.duration} above 10 (seconds).</li>
 *     <li>A session lasts from its {@code created} to its {@code updated}; the average counts every session of
 *     the day, those of no positive length as zero.</li>
 *     <li>Active users are sessions, of any day, updated in the last five minutes (to the second), none for an
 *     archived website.</li>
 *     <li>JS errors are the reports counted by the records first written today, whenever reported.</li>
 * </ul>
 *
 * @param partial whether the records it was computed from were cut short (see {@link PocketBaseReader})
 */
public record TodayFigures(LocalDate day, int pageViews, int visitors, int newVisitors, int returningVisitors,
                           int bounceRate, int engagementRate, long averageSessionSeconds, int activeUsers,
                           int jsErrors, TodayReports reports, boolean partial) {
    static final String EXIT_EVENT = "exit";
    private static final Duration ACTIVE_WINDOW = Duration.ofMinutes(5);
    private static final double ENGAGING_DURATION_SECONDS = 10;
    /** The numeric prefix JavaScript's {@code parseFloat} reads from a string. */
    private static final Pattern LEADING_NUMBER = Pattern.compile("^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * @param sessions sessions created today or updated in the last five minutes, with {@code id},
     *                 {@code created}, {@code updated}, {@code isNewVisitor} and the fields the lists read
     * @param events   events created today, with {@code session}, {@code type}, {@code path},
     *                 {@code eventName}, {@code eventData} and {@code created}
     * @param jsErrors JS error records created today, with {@code errorMessage}, {@code count} and {@code created}
     */
    public static TodayFigures compute(List<JsonObject> sessions, List<JsonObject> events, List<JsonObject> jsErrors,
                                       boolean archived, boolean partial, Instant now) {
        DayRecords day = new DayRecords(sessions, events, jsErrors, dayStart(now), now);
        Instant activeSince = activeSince(now);
        int activeUsers = archived ? 0 : (int) sessions.stream()
                .filter(session -> !DayRecords.instant(session, "updated").isBefore(activeSince)).count();

        int newVisitors = 0;
        int bounced = 0;
        int engaged = 0;
        long totalMillis = 0;
        for (JsonObject session : day.sessions()) {
            if (session.getBoolean("isNewVisitor", false)) {
                newVisitors++;
            }
            List<JsonObject> own = day.eventsOf(session);
            if (own.stream().filter(event -> !isExit(event)).count() == 1) {
                bounced++;
            }
            if (isEngaged(own)) {
                engaged++;
            }
            totalMillis += Math.max(0, Duration.between(DayRecords.instant(session, "created"),
                    DayRecords.instant(session, "updated")).toMillis());
        }
        int visitors = day.sessions().size();
        int jsErrorReports = day.jsErrors().stream().mapToInt(TodayReports::reportsOf).sum();
        return new TodayFigures(LocalDate.ofInstant(now, ZoneOffset.UTC), day.pageViews(), visitors, newVisitors,
                visitors - newVisitors, Share.percentage(bounced, visitors), Share.percentage(engaged, visitors),
                visitors == 0 ? 0 : Math.round(totalMillis / 1000.0 / visitors), activeUsers, jsErrorReports,
                TodayReports.of(day), partial);
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
            if (longEnough || (i >= 1 && !isExit(event))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isExit(JsonObject event) {
        return EXIT_EVENT.equals(DayRecords.text(event, "eventName"));
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

    /** The figures as the panel reads them; the average duration also as the dashboard prints it, {@code mm:ss}. */
    public JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("day", day.toString())
                .add("pageViews", pageViews)
                .add("visitors", visitors)
                .add("newVisitors", newVisitors)
                .add("returningVisitors", returningVisitors)
                .add("bounceRate", bounceRate)
                .add("engagementRate", engagementRate)
                .add("averageSessionSeconds", averageSessionSeconds)
                .add("averageSessionDuration", averageSessionDuration())
                .add("activeUsers", activeUsers)
                .add("jsErrors", jsErrors);
        reports.addTo(json);
        return json.add("partial", partial).build();
    }

    /** The average session as the dashboard prints it, {@code mm:ss}, the minutes not capped at 59. */
    public String averageSessionDuration() {
        return String.format("%02d:%02d", averageSessionSeconds / 60, averageSessionSeconds % 60);
    }
}
