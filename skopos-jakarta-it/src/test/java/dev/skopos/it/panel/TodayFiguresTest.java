package dev.skopos.it.panel;

import dev.skopos.jakarta.pocketbase.PocketBaseDates;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TodayFiguresTest {
    private static final Instant NOW = Instant.parse("2026-11-27T15:00:00.400Z");

    private static JsonObject session(String id, String created, String updated, boolean isNew, String country) {
        return Json.createObjectBuilder().add("id", id).add("created", pocketBaseDate(created))
                .add("updated", pocketBaseDate(updated)).add("isNewVisitor", isNew).add("country", country).build();
    }

    private static JsonObject session(String id, String created, String updated) {
        return session(id, created, updated, true, "");
    }

    private static JsonObject pageView(String session, String path, String created) {
        return event(session, "pageView", created).add("path", path).add("eventName", "").build();
    }

    private static JsonObject custom(String session, String name, String created, JsonObjectBuilder data) {
        return event(session, "custom", created).add("path", "/").add("eventName", name).add("eventData", data)
                .build();
    }

    private static JsonObjectBuilder event(String session, String type, String created) {
        return Json.createObjectBuilder().add("session", session).add("type", type)
                .add("created", pocketBaseDate(created));
    }

    /** An ISO instant as PocketBase writes it, {@code 2026-11-27 15:00:00.000Z}. */
    private static String pocketBaseDate(String iso) {
        return PocketBaseDates.format(Instant.parse(iso));
    }

    private static TodayFigures compute(List<JsonObject> sessions, List<JsonObject> events) {
        return TodayFigures.compute(sessions, events, false, false, NOW);
    }

    /** A day whose first page view belongs to a session begun yesterday; a, b and c begin today. */
    private static TodayFigures dayAfterALateSession() {
        List<JsonObject> sessions = List.of(
                session("yesterday", "2026-11-26T23:59:00Z", "2026-11-27T00:01:00Z"),
                session("a", "2026-11-27T09:00:00Z", "2026-11-27T09:00:00Z", true, "DE"),
                session("b", "2026-11-27T10:00:00Z", "2026-11-27T10:00:00Z", true, "DE"),
                session("c", "2026-11-27T11:00:00Z", "2026-11-27T11:00:00Z", false, "FR"));
        List<JsonObject> events = List.of(
                pageView("yesterday", "/late", "2026-11-27T00:01:00Z"),
                pageView("a", "/", "2026-11-27T09:00:00Z"),
                custom("a", "buy_click", "2026-11-27T09:00:05Z", Json.createObjectBuilder()),
                pageView("b", "/", "2026-11-27T10:00:00Z"),
                pageView("c", "/pricing", "2026-11-27T11:00:00Z"));
        return compute(sessions, events);
    }

    @Test
    void countsTheDaysPageViewsAndSessionsAsVisitorsNewAndReturning() {
        TodayFigures figures = dayAfterALateSession();

        assertThat(figures.day()).isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(figures.pageViews()).as("every page view of the day, whichever day its session began")
                .isEqualTo(4);
        assertThat(figures.visitors()).as("sessions begun today").isEqualTo(3);
        assertThat(figures.newVisitors()).isEqualTo(2);
        assertThat(figures.returningVisitors()).isEqualTo(1);
    }

    @Test
    void topPagesCountTheDaysSessionsPageViewsAsSharesOfAllPageViews() {
        assertThat(dayAfterALateSession().topPages()).containsExactly(
                new TodayFigures.Share("/", 2, 50), new TodayFigures.Share("/pricing", 1, 25));
    }

    @Test
    void averageSessionDurationIsUpdatedMinusCreatedOverEverySessionOfTheDayToTheNearestSecond() {
        List<JsonObject> sessions = List.of(
                session("one minute", "2026-11-27T09:00:00Z", "2026-11-27T09:01:00Z"),
                session("longer", "2026-11-27T10:00:00Z", "2026-11-27T10:03:10.600Z"),
                session("instant", "2026-11-27T11:00:00Z", "2026-11-27T11:00:00Z"),
                session("skewed", "2026-11-27T12:00:10Z", "2026-11-27T12:00:00Z"));

        TodayFigures figures = compute(sessions, List.of());

        // (60 s + 190.6 s + 0 + 0, a negative length counting as none) / 4 sessions = 62.65 s
        assertThat(figures.averageSessionSeconds()).isEqualTo(63);
        assertThat(figures.toJson().getString("averageSessionDuration")).isEqualTo("01:03");
    }

    @Test
    void activeUsersAreSessionsOfAnyDayUpdatedInTheLastFiveMinutesToTheSecond() {
        Instant justAfterMidnight = Instant.parse("2026-11-27T00:02:00.400Z");
        List<JsonObject> sessions = List.of(
                session("yesterdays, still going", "2026-11-26T23:50:00Z", "2026-11-26T23:58:00Z"),
                session("on the second five minutes ago", "2026-11-26T23:40:00Z", "2026-11-26T23:57:00Z"),
                session("just before", "2026-11-26T23:30:00Z", "2026-11-26T23:56:59.999Z"),
                session("today's", "2026-11-27T00:00:10Z", "2026-11-27T00:01:00Z"));

        TodayFigures figures = TodayFigures.compute(sessions, List.of(), false, false, justAfterMidnight);

        assertThat(figures.activeUsers()).isEqualTo(3);
        assertThat(figures.visitors()).isEqualTo(1);
    }

    @Test
    void anArchivedWebsiteHasNoActiveUsers() {
        List<JsonObject> sessions = List.of(session("a", "2026-11-27T14:59:00Z", "2026-11-27T14:59:30Z"));

        assertThat(TodayFigures.compute(sessions, List.of(), true, false, NOW).activeUsers()).isZero();
        assertThat(TodayFigures.compute(sessions, List.of(), false, false, NOW).activeUsers()).isEqualTo(1);
    }

    @Test
    void aSessionIsEngagedByASecondEventOtherThanExitOrByADurationAboveTenSeconds() {
        List<JsonObject> sessions = List.of(
                session("one page", "2026-11-27T09:00:00Z", "2026-11-27T09:00:00Z"),
                session("two pages", "2026-11-27T09:01:00Z", "2026-11-27T09:01:00Z"),
                session("long read", "2026-11-27T09:02:00Z", "2026-11-27T09:02:00Z"),
                session("short exit", "2026-11-27T09:03:00Z", "2026-11-27T09:03:00Z"),
                session("long exit", "2026-11-27T09:04:00Z", "2026-11-27T09:04:00Z"),
                session("exit first", "2026-11-27T09:05:00Z", "2026-11-27T09:05:00Z"),
                session("no events today", "2026-11-27T09:06:00Z", "2026-11-27T09:06:00Z"));
        List<JsonObject> events = List.of(
                pageView("one page", "/", "2026-11-27T09:00:00Z"),
                pageView("two pages", "/", "2026-11-27T09:01:00Z"),
                pageView("two pages", "/about", "2026-11-27T09:01:10Z"),
                custom("long read", "read", "2026-11-27T09:02:00Z", Json.createObjectBuilder().add("duration", 12)),
                pageView("short exit", "/", "2026-11-27T09:03:00Z"),
                custom("short exit", "exit", "2026-11-27T09:03:05Z", Json.createObjectBuilder().add("duration", "5")),
                pageView("long exit", "/", "2026-11-27T09:04:00Z"),
                custom("long exit", "exit", "2026-11-27T09:04:30Z", Json.createObjectBuilder().add("duration", "30s")),
                // listed out of order: the events of a session count in the order they were created
                pageView("exit first", "/", "2026-11-27T09:05:10Z"),
                custom("exit first", "exit", "2026-11-27T09:05:00Z", Json.createObjectBuilder().add("duration", 1)));

        TodayFigures figures = compute(sessions, events);

        // engaged: two pages, long read, long exit, exit first (its page view comes second) = 4 of 7
        assertThat(figures.engagementRate()).isEqualTo(57);
    }

    @Test
    void countriesShareTheDaysSessionsWithUnknownForNone() {
        List<JsonObject> sessions = List.of(
                session("a", "2026-11-27T09:00:00Z", "2026-11-27T09:00:00Z", true, "DE"),
                session("b", "2026-11-27T09:01:00Z", "2026-11-27T09:01:00Z", true, ""),
                session("c", "2026-11-27T09:02:00Z", "2026-11-27T09:02:00Z", true, "DE"));

        TodayFigures figures = compute(sessions, List.of());

        assertThat(figures.countries()).containsExactly(
                new TodayFigures.Share("DE", 2, 67), new TodayFigures.Share("Unknown", 1, 33));
    }

    @Test
    void aQuietDayHasZeroesAndEmptyLists() {
        JsonObject json = compute(List.of(), List.of()).toJson();

        assertThat(json.getInt("pageViews")).isZero();
        assertThat(json.getInt("visitors")).isZero();
        assertThat(json.getInt("engagementRate")).isZero();
        assertThat(json.getString("averageSessionDuration")).isEqualTo("00:00");
        assertThat(json.getJsonArray("topPages")).isEmpty();
        assertThat(json.getJsonArray("countries")).isEmpty();
        assertThat(json.getBoolean("partial")).isFalse();
    }
}
