package dev.skopos.it;

import dev.skopos.it.panel.Share;
import dev.skopos.it.panel.TodayFigures;
import dev.skopos.it.panel.TodayReports;
import dev.skopos.jakarta.testing.PocketBaseAdmin;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;

import static dev.skopos.it.ItPocketBase.pocketBase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The figures Skopos dashboard 0.54 computes from the records of a day of traffic posted through the demo
 * ({@link ScriptedDay}) are the ones posted. The dashboard's rules are restated by the demo panel's
 * {@link TodayFigures}, fed here with every record of the day as PocketBase's administrator reads them; the
 * expected figures below are counted by hand from the script. Run on Open Liberty only: it tests what the
 * records say, which is the same on every server.
 *
 * <p>With {@code -Dskopos.it.dashboard-figures=FILE} it also writes the figures it computed to FILE, to compare
 * with what the running dashboard shows for the same PocketBase (whose data directory the test leaves in
 * {@code target/pocketbase-instances}).
 */
@Tag("dashboard-figures")
@ExtendWith({ItPocketBase.class, ArquillianExtension.class})
class DashboardFiguresIT {
    private static final String CONTEXT = "/" + ItEnvironment.CONTEXT_ROOT;
    private static ScriptedDay script;
    private static TodayFigures figures;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ItEnvironment.war();
    }

    /** Posts the day once, for all the tests, and computes the figures from what PocketBase then holds. */
    @BeforeAll
    static void postTheDay() throws IOException, InterruptedException {
        ReadinessCheck.awaitTrackerConnected();
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        script = new ScriptedDay();
        script.post();
        Instant now = Instant.now();
        assumeTrue(day.equals(LocalDate.ofInstant(now, ZoneOffset.UTC)),
                "the day crossed midnight UTC, which the dashboard splits into two days");
        PocketBaseAdmin admin = pocketBase().admin();
        figures = TodayFigures.compute(admin.listAll("sessions"), admin.listAll("events"),
                admin.listAll("js_errors"), false, false, now);
        String file = System.getProperty("skopos.it.dashboard-figures");
        if (file != null && !file.isBlank()) {
            Files.writeString(Path.of(file), figures.toJson().toString(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theCardsCountSessionsPageViewsBouncesEngagementActiveUsersAndErrorsAsPosted() {
        assertThat(figures.visitors()).as("sessions").isEqualTo(8);
        assertThat(figures.newVisitors()).isEqualTo(6);
        assertThat(figures.returningVisitors()).isEqualTo(2);
        assertThat(figures.pageViews()).isEqualTo(13);
        assertThat(figures.bounceRate()).as("reader, phone and tablet: 3 of 8").isEqualTo(38);
        assertThat(figures.engagementRate()).as("all but reader's first visit (exit at 5 s) and tablet")
                .isEqualTo(75);
        assertThat(figures.activeUsers()).as("every session, updated seconds ago").isEqualTo(8);
        assertThat(figures.jsErrors()).as("3 + 1 + 1 reports").isEqualTo(5);
    }

    /**
     * Each session record lasts from its first to its last event (the tracker moves {@code updated} with every
     * one), so the average is 16 s over 8 sessions, plus what the writes took.
     */
    @Test
    void sessionsLastFromTheirFirstToTheirLastEvent() {
        List<ScriptedVisit> visits = script.visits();
        for (int i = 0; i < visits.size(); i++) {
            ScriptedVisit visit = visits.get(i);
            assertThat(visit.shortest()).as("visit %d as scripted", i)
                    .isGreaterThanOrEqualTo(ScriptedDay.LENGTHS.get(i));
            JsonObject session = visit.storedSession();
            assertThat(Duration.between(instant(session.getString("created")), instant(session.getString("updated"))))
                    .as("session of visit %d", i).isBetween(visit.shortest(), visit.longest());
        }
        long longest = Math.round(visits.stream().map(ScriptedVisit::longest).mapToLong(Duration::toMillis).sum()
                / 1000.0 / visits.size());
        assertThat(figures.averageSessionSeconds()).isBetween(2L, longest);
    }

    @Test
    void pagesCountPageViewsFirstAndLastEvents() {
        TodayReports reports = figures.reports();
        assertShares(reports.topPages(), share("/pricing", 4, 31), share("/", 2, 15), share("/docs", 2, 15),
                share("/blog/launch", 2, 15), share("/de", 1, 8), share("/docs/install", 1, 8), share("/blog", 1, 8));
        assertShares(reports.entryPages(), share("/", 2, 25), share("/blog/launch", 2, 25), share("/pricing", 2, 25),
                share("/de", 1, 13), share("/docs", 1, 13));
        // ada's first visit ends with its exit event on /docs, her second with the server's checkout event
        assertShares(reports.exitPages(), share("/pricing", 2, 25), share("/docs", 1, 13),
                share("/blog/launch", 1, 13), share("/", 1, 13), share("/docs/install", 1, 13), share("/blog", 1, 13),
                share(CONTEXT + "/api/actions/checkout", 1, 13));
    }

    @Test
    void whereVisitorsCameFromAndWhatTheyUsedCountPerSession() {
        TodayReports reports = figures.reports();
        assertShares(reports.referrers(), share("google.com", 2, 25), share("Direct", 2, 25),
                share("news.ycombinator.com", 1, 13), share("t.co", 1, 13), share("bing.com", 1, 13),
                share("duckduckgo.com", 1, 13));
        assertShares(reports.browsers(), share("Chrome", 2, 25), share("Firefox", 2, 25),
                share("Mobile Safari", 2, 25), share("Chrome Mobile", 1, 13), share("Edge", 1, 13));
        assertShares(reports.operatingSystems(), share("Windows", 2, 25), share("Ubuntu", 2, 25),
                share("iOS", 2, 25), share("Android", 1, 13), share("Mac OS X", 1, 13));
        assertShares(reports.devices(), share("desktop", 5, 63), share("mobile", 2, 25), share("tablet", 1, 13));
        assertShares(reports.languages(), share("en-GB", 3, 38), share("en-US", 2, 25), share("de-DE", 1, 13),
                share("Unknown", 1, 13), share("fr-FR", 1, 13));
        assertShares(reports.countries(), share("US", 3, 38), share("AU", 2, 25), share("GB", 1, 13),
                share("DE", 1, 13), share("Unknown", 1, 13));
        assertShares(reports.states(), share("US|California", 2, 25), share("AU|New South Wales", 2, 25),
                share("US|New York", 1, 13), share("GB|England", 1, 13), share("DE|Lower Saxony", 1, 13),
                share("Unknown|Unknown", 1, 13));
    }

    @Test
    void customEventsLeaveOutPageExitsAndJsErrorsMergeByMessage() {
        assertShares(figures.reports().customEvents(), share("signup_click", 2, 25), share("user_signup", 1, 13),
                share("download", 1, 13), share("checkout_completed", 1, 13));
        assertShares(figures.reports().jsErrors(), share(ScriptedDay.TYPE_ERROR, 4, 80),
                share(ScriptedDay.REFERENCE_ERROR, 1, 20));
    }

    @Test
    void identifyLinksTheVisitorWithoutASessionOfItsOwn() {
        assertThat(pocketBase().admin().list("visitors", "userId = 'ada-1815'")).singleElement()
                .satisfies(visitor -> assertThat(visitor.getString("visitorId"))
                        .isEqualTo(script.ada.browser().visitorId()));
        assertThat(pocketBase().admin().count("sessions")).isEqualTo(8);
    }

    private static Instant instant(String pocketBaseDate) {
        return Instant.parse(pocketBaseDate.replace(' ', 'T'));
    }

    private static Share share(String key, int count, int percentage) {
        return new Share(key, count, percentage);
    }

    /** The same lines, most frequent first (lines of equal count in no order that matters). */
    private static void assertShares(List<Share> actual, Share... expected) {
        assertThat(actual).containsExactlyInAnyOrder(expected)
                .isSortedAccordingTo(Comparator.comparingInt(Share::count).reversed());
    }
}
