package dev.skopos.it.panel;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static dev.skopos.it.panel.PanelRecords.custom;
import static dev.skopos.it.panel.PanelRecords.jsError;
import static dev.skopos.it.panel.PanelRecords.pageView;
import static dev.skopos.it.panel.PanelRecords.session;
import static dev.skopos.it.panel.PanelRecords.sessionsFromNine;
import static org.assertj.core.api.Assertions.assertThat;

class TodayFiguresTest {
    private static final Instant NOW = Instant.parse("2026-11-27T15:00:00.400Z");

    private static TodayFigures compute(List<JsonObject> sessions, List<JsonObject> events) {
        return TodayFigures.compute(sessions, events, List.of(), false, false, NOW);
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
        assertThat(dayAfterALateSession().reports().topPages()).containsExactly(
                new Share("/", 2, 50), new Share("/pricing", 1, 25));
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

        TodayFigures figures = TodayFigures.compute(sessions, List.of(), List.of(), false, false, justAfterMidnight);

        assertThat(figures.activeUsers()).isEqualTo(3);
        assertThat(figures.visitors()).isEqualTo(1);
    }

    @Test
    void anArchivedWebsiteHasNoActiveUsers() {
        List<JsonObject> sessions = List.of(session("a", "2026-11-27T14:59:00Z", "2026-11-27T14:59:30Z"));

        assertThat(TodayFigures.compute(sessions, List.of(), List.of(), true, false, NOW).activeUsers()).isZero();
        assertThat(TodayFigures.compute(sessions, List.of(), List.of(), false, false, NOW).activeUsers()).isEqualTo(1);
    }

    @Test
    void aSessionIsEngagedByASecondEventOtherThanExitOrByADurationAboveTenSeconds() {
        List<JsonObject> sessions = sessionsFromNine("one page", "two pages", "long read", "short exit", "long exit",
                "exit first", "no events today");
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
    void aSessionBouncedWithExactlyOneEventOfTheDayNotCountingItsExitEvent() {
        List<JsonObject> sessions = sessionsFromNine("one page", "one page and its exit", "two pages",
                "one custom event", "only an exit", "no events", "one page yesterday", "another page");
        List<JsonObject> events = List.of(
                pageView("one page", "/", "2026-11-27T09:00:00Z"),
                pageView("one page and its exit", "/", "2026-11-27T09:01:00Z"),
                custom("one page and its exit", "exit", "2026-11-27T09:01:30Z", Json.createObjectBuilder()
                        .add("duration", 30)),
                pageView("two pages", "/", "2026-11-27T09:02:00Z"),
                pageView("two pages", "/docs", "2026-11-27T09:02:10Z"),
                custom("one custom event", "download", "2026-11-27T09:03:00Z", Json.createObjectBuilder()),
                custom("only an exit", "exit", "2026-11-27T09:04:00Z", Json.createObjectBuilder()),
                // an event of the day before does not count, whatever its session
                pageView("one page yesterday", "/", "2026-11-26T09:06:00Z"),
                pageView("another page", "/", "2026-11-27T09:07:00Z"));

        TodayFigures figures = compute(sessions, events);

        // bounced: one page, one page and its exit, one custom event, another page = 4 of 8
        assertThat(figures.bounceRate()).isEqualTo(50);
    }

    @Test
    void jsErrorsAreTheReportsOfTheRecordsFirstWrittenTodayListedByMessage() {
        List<JsonObject> errors = List.of(
                jsError("TypeError: a", 3, "2026-11-27T09:00:00Z"),
                jsError("ReferenceError: b", 1, "2026-11-27T09:30:00Z"),
                jsError("TypeError: a", 1, "2026-11-27T10:00:00Z"),
                jsError("", 0, "2026-11-27T11:00:00Z"),
                jsError("SyntaxError: c", 7, "2026-11-26T23:00:00Z"));

        TodayFigures figures = TodayFigures.compute(List.of(), List.of(), errors, false, false, NOW);

        // 3 + 1 + 1 + 1 (a record without a count is one report); yesterday's record counts on its own day
        assertThat(figures.jsErrors()).isEqualTo(6);
        // records of one message merge; one without a message counts in the total only
        assertThat(figures.reports().jsErrors()).containsExactly(
                new Share("TypeError: a", 4, 67), new Share("ReferenceError: b", 1, 17));
    }

    @Test
    void aQuietDayHasZeroesAndEmptyLists() {
        JsonObject json = compute(List.of(), List.of()).toJson();

        assertThat(json.getInt("pageViews")).isZero();
        assertThat(json.getInt("visitors")).isZero();
        assertThat(json.getInt("engagementRate")).isZero();
        assertThat(json.getInt("bounceRate")).isZero();
        assertThat(json.getInt("jsErrors")).isZero();
        assertThat(json.getString("averageSessionDuration")).isEqualTo("00:00");
        assertThat(json.getJsonArray("topPages")).isEmpty();
        assertThat(json.getJsonArray("countries")).isEmpty();
        assertThat(json.getJsonArray("jsErrorMessages")).isEmpty();
        assertThat(json.getBoolean("partial")).isFalse();
    }
}
