package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard times a session by its record's {@code updated − created}, and counts active users by
 * {@code updated}: both must follow the session's events, whatever their type and path, at no more than one
 * update per session per flush.
 */
class SessionTimingTest {
    private static final DateTimeFormatter POCKETBASE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'");
    /** Real time between two events of a visit: PocketBase stamps records with its own clock. */
    private static final Duration VISIT = Duration.ofSeconds(3);

    private static PocketBaseServer pocketBase;
    private static PocketBaseView stored;

    @BeforeAll
    static void startPocketBase() {
        pocketBase = PocketBaseServer.start();
        stored = new PocketBaseView(pocketBase);
    }

    @AfterAll
    static void stopPocketBase() {
        pocketBase.close();
    }

    @Test
    void sessionLastsFromItsFirstToItsLastEventOnTheSamePage() throws Exception {
        try (TrackerHarness tracker = TrackerHarness.immediate(pocketBase)) {
            String ip = newIp();
            tracker.track(browser(ip), pageView("/pricing").build());
            tracker.flush();
            Thread.sleep(VISIT.toMillis());
            tracker.track(browser(ip), pageView("/pricing").add("type", "custom").add("name", "compare").build());
            tracker.flush();

            JsonObject session = stored.onlySession(ip);
            assertThat(durationOf(session)).isBetween(VISIT.minusMillis(500), VISIT.plusSeconds(1));
            assertThat(session.getString("exitPath")).isEqualTo("/pricing");

            tracker.clock().advance(Duration.ofMinutes(31));
            tracker.pipeline().sweepSessions();
            tracker.flush();
            assertThat(stored.onlySession(ip).getString("updated")).as("an ended session keeps its last event's time")
                    .isEqualTo(session.getString("updated"));
        }
    }

    @Test
    void jsErrorKeepsItsSessionActive() throws Exception {
        try (TrackerHarness tracker = TrackerHarness.immediate(pocketBase)) {
            String ip = newIp();
            tracker.track(browser(ip), pageView("/app").build());
            tracker.flush();
            Thread.sleep(VISIT.toMillis());
            tracker.track(browser(ip), pageView("/app").add("type", "jsError").add("errorMessage", "boom " + ip)
                    .build());
            tracker.flush();

            assertThat(durationOf(stored.onlySession(ip))).isBetween(VISIT.minusMillis(500), VISIT.plusSeconds(1));
        }
    }

    @Test
    void batchedEventsMoveTheSessionWithinASecondAndCostOneUpdatePerFlush() throws Exception {
        try (TrackerHarness tracker = TrackerHarness.batching(pocketBase, Duration.ofHours(1), 1000)) {
            String ip = newIp();
            tracker.track(browser(ip), pageView("/").build());
            await().atMost(Duration.ofSeconds(5)).until(() -> stored.sessions(ip).size() == 1);
            assertThat(stored.events(ip)).as("events wait for the batch").isEmpty();
            Thread.sleep(VISIT.toMillis());
            for (int i = 0; i < 5; i++) {
                tracker.track(browser(ip), pageView("/step/" + i).build());
            }
            tracker.flush();

            JsonObject session = stored.onlySession(ip);
            assertThat(session.getString("exitPath")).isEqualTo("/step/4");
            assertThat(durationOf(session)).isBetween(VISIT.minusMillis(500), VISIT.plusSeconds(2));
            assertThat(stored.events(ip)).hasSize(6);
            pocketBase.admin().awaitRequestLogCaughtUp();
            assertThat(pocketBase.admin().loggedRequests("PATCH",
                    "/api/collections/sessions/records/" + session.getString("id"))).isEqualTo(1);
        }
    }

    private static Duration durationOf(JsonObject session) {
        return Duration.between(instant(session.getString("created")), instant(session.getString("updated")));
    }

    private static Instant instant(String pocketBaseDate) {
        return LocalDateTime.parse(pocketBaseDate, POCKETBASE_DATE).toInstant(ZoneOffset.UTC);
    }
}
