package dev.skopos.it;

import dev.skopos.jakarta.testing.DashboardLayout;
import dev.skopos.jakarta.testing.PocketBaseAdmin;
import dev.skopos.jakarta.testing.PocketBaseServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo with the durable spool on ({@code SKOPOS_SPOOL_DIRECTORY}), on a real Open Liberty: the server
 * starts while PocketBase is out of reach, accepts page views from ten visitors, a JS error and an identify
 * call, and its JVM is killed with SIGKILL. Restarted on the same spool with PocketBase back, it stores every
 * accepted event exactly once, in one session per visitor, with exact daily figures.
 */
@Tag("spool-kill")
class SpoolKillIT {
    private static final int PAGE_VIEWS = 300;
    private static final int VISITORS = 10;
    /** The page views, the JS error report and the identify call. */
    private static final long ACCEPTED = PAGE_VIEWS + 2;
    private static final String ERROR = "TypeError: basket is undefined";
    private static final Duration STORED = Duration.ofMinutes(2);

    @Test
    void whatTheServerAcceptedDuringAnOutageIsStoredOnceAfterItsJvmIsKilled() throws Exception {
        Path work = Path.of(System.getProperty("skopos.it.root"), "skopos-jakarta-it", "target", "spool-kill-it");
        // a spool left by an earlier run would replay its events into this run's PocketBase
        ItEnvironment.deleteTree(work);
        Files.createDirectories(work);
        try (PocketBaseServer pocketBase = PocketBaseServer.builder().layout(DashboardLayout.BEFORE_0_38)
                .domain("example.com").start()) {
            pocketBase.admin().setBatches(true, ItEnvironment.BATCH_SIZE);
            Map<String, String> environment = new HashMap<>(pocketBase.trackerEnvironment());
            environment.put("SKOPOS_SPOOL_DIRECTORY", work.resolve("spool").toString());
            // JS error reports are merged and written every second rather than every 5 minutes
            environment.put("SKOPOS_JS_ERROR_BATCH_INTERVAL", "1000");
            // the test stands in for a reverse proxy on this machine: it names each visitor's address
            environment.put("SKOPOS_TRUSTED_PROXIES", "127.0.0.1,::1");
            pocketBase.stop(); // unreachable from before the server starts, as in the demo

            try (LibertyProcess server = LibertyProcess.create("skoposSpoolKill", work, environment)) {
                long started = System.nanoTime();
                server.start();
                server.awaitDeployed();
                Duration firstStart = since(started);
                List<Browser> visitors = IntStream.rangeClosed(1, VISITORS)
                        .mapToObj(visitor -> new Browser("192.0.2." + visitor)).toList();
                accept(server, visitors);
                JsonObject beforeKill = server.readinessData();
                assertThat(beforeKill.getString("pocketbase")).isEqualTo("down");
                assertThat(beforeKill.getJsonNumber("accepted").longValue()).isEqualTo(ACCEPTED);

                server.kill();
                pocketBase.restart();
                long restarted = System.nanoTime();
                server.start();
                server.awaitDeployed();
                await().atMost(STORED).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertStoredOnce(pocketBase, visitors));
                Duration allStored = since(restarted);
                JsonObject afterRestart = server.readinessData();
                assertThat(afterRestart.getJsonNumber("accepted").longValue()).as("accepted again from the spool")
                        .isEqualTo(ACCEPTED);
                assertThat(afterRestart.getJsonNumber("written").longValue()).isEqualTo(ACCEPTED);
                server.stop();

                long stored = pocketBase.admin().count("events") + errorReports(pocketBase.admin())
                        + pocketBase.admin().count("visitors", "userId = 'spool-user'");
                System.out.printf("SpoolKillIT: accepted %d, stored %d (%d page views, 1 JS error report, 1 identify)"
                                + " after SIGKILL of Open Liberty during a PocketBase outage; first start %d s,"
                                + " restart until all stored %d s%n", ACCEPTED, stored, PAGE_VIEWS,
                        firstStart.toSeconds(), allStored.toSeconds());
                assertThat(stored).isEqualTo(ACCEPTED);
            }
        }
    }

    /** Posts the page views round the visitors, then a JS error and an identify call; each is taken (204). */
    private static void accept(LibertyProcess server, List<Browser> visitors) throws Exception {
        URI endpoint = server.application().resolve("api/event");
        for (int page = 0; page < PAGE_VIEWS; page++) {
            assertThat(visitors.get(page % VISITORS).post(endpoint, "application/json",
                    "{\"type\":\"pageView\",\"url\":\"https://example.com/spool/" + page + "\"}").statusCode())
                    .as("page view %d", page).isEqualTo(204);
        }
        assertThat(visitors.get(0).post(endpoint, "application/json", "{\"type\":\"jsError\",\"url\":"
                + "\"https://example.com/spool/0\",\"errorMessage\":\"" + ERROR + "\"}").statusCode()).isEqualTo(204);
        assertThat(visitors.get(1).post(server.application().resolve("api/actions/login?userId=spool-user"
                + "&email=spool@example.com"), "text/plain", "").statusCode()).isEqualTo(204);
    }

    /**
     * Every page view once, on one session per visitor that enters on its first page; one visitor record each, one
     * of them identified; the JS error once; the day's figures exact.
     */
    private static void assertStoredOnce(PocketBaseServer pocketBase, List<Browser> visitors) {
        PocketBaseAdmin admin = pocketBase.admin();
        List<String> paths = admin.listAll("events").stream().map(event -> event.getString("path")).toList();
        assertThat(paths).as("page views stored").hasSize(PAGE_VIEWS).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, PAGE_VIEWS)
                        .mapToObj(page -> "/spool/" + page).toList());
        Map<String, JsonObject> visitorRecords = admin.listAll("visitors").stream()
                .collect(Collectors.toMap(visitor -> visitor.getString("visitorId"), visitor -> visitor));
        List<String> visitorIds = visitors.stream().map(visitor -> Browser.visitorId(pocketBase.trackingId(),
                visitor.ip(), Browser.CHROME)).toList();
        assertThat(visitorRecords.keySet()).as("visitor records").containsExactlyInAnyOrderElementsOf(visitorIds);
        assertThat(visitorRecords.get(visitorIds.get(1)).getString("userId", null)).isEqualTo("spool-user");
        Map<String, List<JsonObject>> sessions = admin.listAll("sessions").stream()
                .collect(Collectors.groupingBy(session -> session.getString("visitor")));
        for (int number = 0; number < VISITORS; number++) {
            int visitor = number;
            String recordId = visitorRecords.get(visitorIds.get(visitor)).getString("id");
            assertThat(sessions.get(recordId)).as("sessions of visitor %d", visitor + 1).singleElement()
                    .satisfies(session -> assertThat(session.getString("entryPath")).isEqualTo("/spool/" + visitor));
        }
        assertThat(errorReports(admin)).as("JS error reports").isEqualTo(1);
        List<JsonObject> days = admin.list("dash_sum", null);
        assertThat(days).as("dash_sum records").hasSize(1);
        JsonObject summary = days.get(0).getJsonObject("summary");
        assertThat(summary.getJsonNumber("pageViews").longValue()).isEqualTo(PAGE_VIEWS);
        assertThat(summary.getJsonNumber("visitors").longValue()).isEqualTo(VISITORS);
        assertThat(summary.getJsonNumber("jsErrors").longValue()).isEqualTo(1);
    }

    private static long errorReports(PocketBaseAdmin admin) {
        return admin.listAll("js_errors").stream().filter(error -> error.getString("errorMessage").equals(ERROR))
                .mapToLong(error -> error.getJsonNumber("count").longValue()).sum();
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }
}
