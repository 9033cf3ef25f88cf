package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.testing.DashboardLayout;
import dev.skopos.jakarta.testing.FaultProxy;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes whose answer is lost after PocketBase saved them (a timeout, a dropped connection) are retried; the
 * retry must find its first attempt rather than write again: no record twice, no count added twice.
 */
class LostAnswersTest {
    private static final Duration NEVER = Duration.ofHours(1);
    private static final int NO_LIMIT = 100_000;
    private static final String RECORDS = "/api/collections/";

    @Test
    void everyWriteRepeatedAfterALostAnswerLandsExactlyOnce() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38);
             FaultProxy proxy = FaultProxy.to(pocketBase.url());
             TrackerHarness tracker = TrackerHarness.through(pocketBase, proxy.url())) {
            PocketBaseView stored = new PocketBaseView(pocketBase);
            String ip = newIp();
            RequestInfo visitor = browser(ip);
            for (String collection : List.of("visitors", "sessions", "events", "js_errors", "dash_sum")) {
                proxy.loseAnswers("POST", RECORDS + collection + "/records", 1);
                proxy.loseAnswers("PATCH", RECORDS + collection + "/records/", 1);
            }

            tracker.track(visitor, pageView("/").build());
            tracker.track(visitor, pageView("/").add("type", "jsError").add("errorMessage", "lost " + ip).build());
            tracker.flush();
            tracker.track(visitor, pageView("/pricing").build());
            tracker.track(visitor, pageView("/pricing").add("type", "jsError").add("errorMessage", "lost " + ip)
                    .build());
            tracker.pipeline().identify(Optional.of(visitor), "user-" + ip, Map.of());
            tracker.flush();

            assertThat(proxy.answersLost()).as("a create of every collection, an update of all but events")
                    .isEqualTo(9);
            assertThat(stored.visitors(ip)).singleElement()
                    .satisfies(record -> assertThat(record.getString("userId")).isEqualTo("user-" + ip));
            JsonObject session = stored.onlySession(ip);
            assertThat(session.getBoolean("isNewVisitor")).isTrue();
            assertThat(session.getString("exitPath")).isEqualTo("/pricing");
            assertThat(stored.events(session)).extracting(event -> event.getString("path"))
                    .containsExactlyInAnyOrder("/", "/pricing");
            assertThat(stored.jsErrors()).filteredOn(error -> error.getString("errorMessage").equals("lost " + ip))
                    .singleElement().satisfies(error -> assertThat(error.getInt("count")).isEqualTo(2));
            List<JsonObject> days = pocketBase.admin().list("dash_sum", null);
            assertThat(days).hasSize(1);
            JsonObject summary = days.get(0).getJsonObject("summary");
            assertThat(summary.getInt("pageViews")).isEqualTo(2);
            assertThat(summary.getInt("visitors")).isEqualTo(1);
            assertThat(summary.getInt("newVisitors")).isEqualTo(1);
            assertThat(summary.getInt("returningVisitors")).isZero();
            assertThat(summary.getInt("engagedSessions")).isEqualTo(1);
            assertThat(summary.getInt("jsErrors")).isEqualTo(2);
        }
    }

    /**
     * The session's create lands but its answer is lost, and so are those of the first retries; the visitor moves
     * on before the retry that is answered, which finds the record the first attempt wrote: the record must still
     * get the later exit page.
     */
    @Test
    void aSessionWhoseCreateLostItsAnswerGetsTheExitPageOfEventsRecordedBeforeTheRetry() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             FaultProxy proxy = FaultProxy.to(pocketBase.url());
             TrackerHarness tracker = TrackerHarness.batchingThrough(pocketBase, proxy.url(), NEVER, NO_LIMIT, 1)) {
            String ip = newIp();
            RequestInfo visitor = browser(ip);
            proxy.loseAnswers("POST", RECORDS + "sessions/records", 3);
            tracker.track(visitor, pageView("/first").build());
            tracker.pipeline().flush(Duration.ZERO);
            assertThat(proxy.answersLost()).isPositive();

            tracker.track(visitor, pageView("/later").build());
            tracker.flush();

            JsonObject session = new PocketBaseView(pocketBase).onlySession(ip);
            assertThat(session.getString("exitPath")).isEqualTo("/later");
            assertThat(new PocketBaseView(pocketBase).events(session)).hasSize(2);
        }
    }

    /**
     * A JS error's create lands but its answer is lost; another report of it comes before the retry, which finds
     * the record its first attempt wrote: the record must count both.
     */
    @Test
    void aJsErrorWhoseCreateLostItsAnswerCountsTheReportsMadeBeforeTheRetry() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             FaultProxy proxy = FaultProxy.to(pocketBase.url());
             TrackerHarness tracker = TrackerHarness.batchingThrough(pocketBase, proxy.url(), NEVER, NO_LIMIT, 1)) {
            String ip = newIp();
            RequestInfo visitor = browser(ip);
            String message = "late " + ip;
            proxy.loseAnswers("POST", RECORDS + "js_errors/records", 1);
            tracker.track(visitor, pageView("/").add("type", "jsError").add("errorMessage", message).build());
            tracker.pipeline().flush(Duration.ZERO);
            assertThat(proxy.answersLost()).isEqualTo(1);

            tracker.track(visitor, pageView("/").add("type", "jsError").add("errorMessage", message).build());
            tracker.flush();

            assertThat(new PocketBaseView(pocketBase).jsErrors())
                    .filteredOn(error -> error.getString("errorMessage").equals(message))
                    .singleElement().satisfies(error -> assertThat(error.getInt("count")).isEqualTo(2));
        }
    }
}
