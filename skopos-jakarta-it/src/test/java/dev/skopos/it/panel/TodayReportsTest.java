package dev.skopos.it.panel;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static dev.skopos.it.panel.PanelRecords.custom;
import static dev.skopos.it.panel.PanelRecords.pageView;
import static dev.skopos.it.panel.PanelRecords.session;
import static org.assertj.core.api.Assertions.assertThat;

class TodayReportsTest {
    private static final Instant NOW = Instant.parse("2026-11-27T15:00:00.400Z");

    private static TodayReports reports(List<JsonObject> sessions, List<JsonObject> events) {
        return TodayFigures.compute(sessions, events, List.of(), false, false, NOW).reports();
    }

    @Test
    void entryAndExitPagesAreTheFirstAndLastEventsPathsOfAnyTypeElseTheSessionsOwn() {
        List<JsonObject> sessions = List.of(
                session("spa", "2026-11-27T09:00:00Z").add("entryPath", "/ignored").build(),
                session("left by exit", "2026-11-27T09:01:00Z").build(),
                session("last event pathless", "2026-11-27T09:02:00Z").add("exitPath", "/checkout").build(),
                session("no events", "2026-11-27T09:03:00Z").add("entryPath", "/never").build());
        List<JsonObject> events = List.of(
                pageView("spa", "/", "2026-11-27T09:00:00Z"),
                pageView("spa", "/pricing", "2026-11-27T09:00:10Z"),
                pageView("left by exit", "/docs", "2026-11-27T09:01:00Z"),
                custom("left by exit", "/docs/install", "exit", "2026-11-27T09:01:40Z",
                        Json.createObjectBuilder().add("duration", 40)),
                pageView("last event pathless", "/", "2026-11-27T09:02:00Z"),
                custom("last event pathless", "", "download", "2026-11-27T09:02:05Z", Json.createObjectBuilder()));

        TodayReports reports = reports(sessions, events);

        assertThat(reports.entryPages()).containsExactly(new Share("/", 2, 50), new Share("/docs", 1, 25));
        assertThat(reports.exitPages()).containsExactly(new Share("/pricing", 1, 25),
                new Share("/docs/install", 1, 25), new Share("/checkout", 1, 25));
    }

    @Test
    void referrersAreHostsWithoutWwwDirectForNoneAndAnythingElseAsItIs() {
        List<String> referrers = List.of("https://www.google.com/search?q=skopos", "https://google.com/",
                "https://WWW.Bing.com/", "", "news.ycombinator.com", "android-app://com.slack/");
        List<JsonObject> sessions = IntStream.range(0, referrers.size())
                .mapToObj(i -> session("s" + i, "2026-11-27T09:0" + i + ":00Z").add("referrer", referrers.get(i))
                        .build())
                .toList();

        assertThat(reports(sessions, List.of()).referrers()).containsExactly(
                new Share("google.com", 2, 33), new Share("bing.com", 1, 17), new Share("Direct", 1, 17),
                new Share("news.ycombinator.com", 1, 17), new Share("com.slack", 1, 17));
    }

    @Test
    void sessionFieldsCountPerSessionWithUnknownForNone() {
        List<JsonObject> sessions = List.of(
                session("a", "2026-11-27T09:00:00Z").add("browser", "Firefox").add("os", "Ubuntu")
                        .add("device", "desktop").add("language", "en-GB").add("country", "AU")
                        .add("state", "New South Wales").build(),
                session("b", "2026-11-27T09:01:00Z").add("browser", "Firefox").add("os", "")
                        .add("device", "mobile").add("language", "").add("country", "US").add("state", "").build(),
                session("c", "2026-11-27T09:02:00Z").add("country", "").build(),
                session("d", "2026-11-27T09:03:00Z").add("country", "DE").build());

        TodayReports reports = reports(sessions, List.of());

        assertThat(reports.browsers()).containsExactly(new Share("Firefox", 2, 50), new Share("Unknown", 2, 50));
        assertThat(reports.operatingSystems()).containsExactly(new Share("Unknown", 3, 75), new Share("Ubuntu", 1, 25));
        assertThat(reports.devices()).containsExactly(new Share("Unknown", 2, 50), new Share("desktop", 1, 25),
                new Share("mobile", 1, 25));
        assertThat(reports.languages()).containsExactly(new Share("Unknown", 3, 75), new Share("en-GB", 1, 25));
        assertThat(reports.countries()).containsExactly(new Share("AU", 1, 25), new Share("US", 1, 25),
                new Share("Unknown", 1, 25), new Share("DE", 1, 25));
        assertThat(reports.states()).containsExactly(new Share("AU|New South Wales", 1, 25),
                new Share("US|Unknown", 1, 25), new Share("Unknown|Unknown", 1, 25), new Share("DE|Unknown", 1, 25));
    }

    @Test
    void countriesAreNeverCutShortOtherListsStopAtTenLines() {
        List<JsonObject> sessions = IntStream.range(0, 12)
                .mapToObj(i -> session("s" + i, "2026-11-27T09:%02d:00Z".formatted(i)).add("country", "C" + i)
                        .add("language", "l" + i).build())
                .toList();

        TodayReports reports = reports(sessions, List.of());

        assertThat(reports.countries()).hasSize(12);
        assertThat(reports.languages()).hasSize(TodayReports.LIST_LENGTH);
    }

    @Test
    void customEventsCountEachEventButTheExitEventAsSharesOfSessions() {
        List<JsonObject> sessions = List.of(
                session("a", "2026-11-27T09:00:00Z").build(),
                session("b", "2026-11-27T09:01:00Z").build());
        List<JsonObject> events = List.of(
                custom("a", "signup_click", "2026-11-27T09:00:00Z", Json.createObjectBuilder()),
                custom("a", "signup_click", "2026-11-27T09:00:05Z", Json.createObjectBuilder()),
                custom("a", "exit", "2026-11-27T09:00:09Z", Json.createObjectBuilder().add("duration", 9)),
                custom("b", "download", "2026-11-27T09:01:00Z", Json.createObjectBuilder()),
                // of a session begun yesterday: a page view of the day, but in no list
                custom("yesterday's", "download", "2026-11-27T09:02:00Z", Json.createObjectBuilder()));

        assertThat(reports(sessions, events).customEvents()).containsExactly(
                new Share("signup_click", 2, 100), new Share("download", 1, 50));
    }
}
