package dev.skopos.jakarta.internal.core;

import dev.skopos.jakarta.ConnectionProblem;
import dev.skopos.jakarta.TrackerStatus;
import dev.skopos.jakarta.internal.cluster.SharedState;
import dev.skopos.jakarta.internal.config.InvalidConfigurationException;
import dev.skopos.jakarta.internal.config.Safeguards;
import dev.skopos.jakarta.internal.config.SkoposConfig;
import dev.skopos.jakarta.internal.pocketbase.AdminCredentials;
import dev.skopos.jakarta.internal.pocketbase.ApiGeneration;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseClient;
import dev.skopos.jakarta.internal.store.PocketBaseStore;
import dev.skopos.jakarta.internal.website.WebsiteSettings;
import dev.skopos.jakarta.testing.DashboardLayout;
import dev.skopos.jakarta.testing.LogCapture;
import dev.skopos.jakarta.testing.PocketBaseServer;
import jakarta.json.Json;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The tracker's connection lifecycle against a real PocketBase, outside any server. */
class TrackerCoreTest {
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService longRunningTasks = Executors.newCachedThreadPool();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    @AfterEach
    void cleanUp() throws Exception {
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
        scheduler.shutdownNow();
        longRunningTasks.shutdownNow();
        assertThat(scheduler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(longRunningTasks.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private PocketBaseServer pocketBase(PocketBaseServer.Builder builder) {
        PocketBaseServer server = builder.start();
        resources.push(server);
        return server;
    }

    private TrackerCore startTracker(String url, String siteId, String email, String password) {
        return startTracker(url, siteId, email, password, true);
    }

    private TrackerCore startTracker(String url, String siteId, String email, String password,
                                     boolean readinessFollowsPocketBase) {
        SkoposConfig config = new SkoposConfig(siteId, URI.create(url), new AdminCredentials(email, password),
                false, Duration.ofSeconds(10), 100, 1, Duration.ofMinutes(30), Duration.ofMinutes(5), 64L * 1024 * 1024,
                List.of(), Safeguards.DEFAULTS, readinessFollowsPocketBase, SharedState.LOCAL, true,
                Optional.empty());
        PocketBaseClient client = PocketBaseClient.create(config.pocketBaseUrl(), config.credentials());
        TrackerCore core = new TrackerCore(config, client, new PocketBaseStore(client), scheduler, longRunningTasks,
                PROBE_INTERVAL, Clock.systemUTC(), Optional.empty());
        resources.push(core);
        core.start();
        return core;
    }

    @Test
    void aGeolocationFileThatIsNotAMaxMindDatabaseFailsTheDeploymentNamingTheSetting(@TempDir Path folder)
            throws Exception {
        Path notADatabase = Files.writeString(folder.resolve("GeoLite2-City.mmdb"), "<html>404</html>");
        SkoposConfig config = new SkoposConfig("site", URI.create("http://127.0.0.1:9"),
                new AdminCredentials("admin@skopos.test", "secret-password"), false, Duration.ofSeconds(10), 100, 1,
                Duration.ofMinutes(30), Duration.ofMinutes(5), 64L * 1024 * 1024, List.of(notADatabase),
                Safeguards.DEFAULTS, false, SharedState.LOCAL, true, Optional.empty());
        PocketBaseClient client = PocketBaseClient.create(config.pocketBaseUrl(), config.credentials());

        assertThatThrownBy(() -> new TrackerCore(config, client, new PocketBaseStore(client), scheduler,
                longRunningTasks, PROBE_INTERVAL, Clock.systemUTC(), Optional.empty()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Skopos configuration: skopos.geoip-database (environment variable"
                        + " SKOPOS_GEOIP_DATABASE) names '" + notADatabase + "', which is not a MaxMind DB file");
    }

    private TrackerCore startTracker(PocketBaseServer server) {
        return startTracker(server.url(), server.trackingId(), server.adminEmail(), server.adminPassword());
    }

    private static void awaitReady(TrackerCore core) {
        await().atMost(Duration.ofSeconds(10)).until(() -> core.status().ready());
    }

    @Test
    void loadsTheWebsiteAndWritesItsSdkVersionWhereTheWebsitesCollectionHasOne() {
        PocketBaseServer server = pocketBase(PocketBaseServer.builder().domain("shop.example")
                .layout(DashboardLayout.BEFORE_0_38));
        TrackerCore core = startTracker(server);

        awaitReady(core);

        assertThat(core.website()).hasValueSatisfying(website -> {
            assertThat(website.id()).isEqualTo(server.websiteId());
            assertThat(website.domain()).isEqualTo("shop.example");
        });
        assertThat(server.admin().get("websites", server.websiteId()).getString("sdkVersion"))
                .isEqualTo(SdkVersion.value()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(core.status().apiGeneration()).contains(server.generation().label());
        assertThat(core.status().problem()).isEmpty();
    }

    @Test
    void todaysDashboardHasNoSdkVersionAndTheTrackerSaysSoOnce() {
        PocketBaseServer server = pocketBase(PocketBaseServer.builder());
        assumeTrue(server.generation() == ApiGeneration.V0_23, "PocketBase 0.22 has one layout, with sdkVersion");
        try (LogCapture log = LogCapture.of(LiveWebsite.class)) {
            TrackerCore core = startTracker(server);
            awaitReady(core);

            assertThat(server.admin().get("websites", server.websiteId())).doesNotContainKey("sdkVersion");
            assertThat(log.messages(Level.INFO)).filteredOn(message -> message.contains("sdkVersion")).hasSize(1);
        }
    }

    /**
     * Every setting, changed in the dashboard's place for it: today's dashboard keeps storeRawIp and
     * discardShortSessions per owner in app_settings, dashboards before 0.46 on the website.
     */
    @ParameterizedTest
    @EnumSource(DashboardLayout.class)
    void followsWebsiteChangesMadeInPocketBaseWithinFiveSeconds(DashboardLayout layout) {
        PocketBaseServer server = pocketBase(PocketBaseServer.builder().layout(layout));
        TrackerCore core = startTracker(server);
        awaitReady(core);

        server.admin().update("websites", server.websiteId(), Json.createObjectBuilder()
                .add("domain", "changed.example")
                .add("ipBlacklist", Json.createArrayBuilder().add("203.0.113.7"))
                .add("disableLocalhostTracking", true)
                .add("isArchived", true)
                .build());
        server.setWebsiteSetting("storeRawIp", true);
        server.setWebsiteSetting("discardShortSessions", true);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(core.website()).contains(
                new WebsiteSettings(server.websiteId(), server.websiteOwnerId(), "Test site", server.trackingId(),
                        "changed.example", Set.of("203.0.113.7"), true, true, true, true)));

        server.setWebsiteSetting("storeRawIp", false);
        await().atMost(Duration.ofSeconds(5)).until(() -> !core.website().orElseThrow().storeRawIp());
        assertThat(core.website().orElseThrow().discardShortSessions()).isTrue();
    }

    @Test
    void resubscribesAfterPocketBaseRestartsAndSeesLaterChanges() {
        PocketBaseServer server = pocketBase(PocketBaseServer.builder());
        TrackerCore core = startTracker(server);
        awaitReady(core);

        server.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !core.status().ready());
        server.restart();
        awaitReady(core);
        // the subscription comes back within the realtime backoff, possibly after readiness; a change made
        // after it must arrive, so each try makes a change of its own and gives it two seconds
        await().atMost(Duration.ofSeconds(15)).ignoreException(ConditionTimeoutException.class).until(() -> {
            String domain = "after-restart-" + System.nanoTime() + ".example";
            server.admin().update("websites", server.websiteId(),
                    Json.createObjectBuilder().add("domain", domain).build());
            await().atMost(Duration.ofSeconds(2)).until(() ->
                    core.website().map(WebsiteSettings::domain).orElse("").equals(domain));
            return true;
        });
    }

    @Test
    void keepsTryingWhilePocketBaseIsUnreachableAndConnectsOnceItIsUp() {
        int port = PocketBaseServer.freePort();
        TrackerCore core = startTracker("http://127.0.0.1:" + port, "test-site", "admin@skopos.test",
                "late-start-password", true);
        await().atMost(Duration.ofSeconds(5)).until(() -> core.status().problem()
                .equals(Optional.of(ConnectionProblem.UNREACHABLE)));
        assertThat(core.status().ready()).as("readiness follows PocketBase, as configured").isFalse();
        assertRevealsNothingOf(core.status(), "127.0.0.1:" + port, "admin@skopos.test", "late-start-password");

        pocketBase(PocketBaseServer.builder().port(port).admin("admin@skopos.test", "late-start-password"));

        await().atMost(Duration.ofSeconds(40)).until(() -> core.status().ready());
    }

    @Test
    void byDefaultTheTrackerStaysReadyWhilePocketBaseIsUnreachableAndSaysSo() {
        int port = PocketBaseServer.freePort();
        TrackerCore core = startTracker("http://127.0.0.1:" + port, "test-site", "admin@skopos.test",
                "late-start-password", false);

        await().atMost(Duration.ofSeconds(5)).until(() -> core.status().problem()
                .equals(Optional.of(ConnectionProblem.UNREACHABLE)));
        assertThat(core.status().ready()).isTrue();
        assertThat(core.status().connected()).isFalse();
        core.close();
        assertThat(core.status().ready()).isFalse();
    }

    @Test
    void unknownTrackingIdIsReportedAsWebsiteMissing() {
        PocketBaseServer server = pocketBase(PocketBaseServer.builder());
        TrackerCore core = startTracker(server.url(), "no-such-site", server.adminEmail(), server.adminPassword());

        await().atMost(Duration.ofSeconds(10)).until(() -> core.status().problem()
                .equals(Optional.of(ConnectionProblem.WEBSITE_MISSING)));
        assertThat(core.status().ready()).isFalse();
        assertRevealsNothingOf(core.status(), server.url(), server.adminEmail(), server.adminPassword());
    }

    @Test
    void wrongPasswordIsReportedAsCredentialsWithoutRevealingTheAccount() {
        PocketBaseServer server = pocketBase(PocketBaseServer.builder());
        String wrong = "not-" + server.adminPassword();
        TrackerCore core = startTracker(server.url(), server.trackingId(), server.adminEmail(), wrong);

        await().atMost(Duration.ofSeconds(10)).until(() -> core.status().problem()
                .equals(Optional.of(ConnectionProblem.CREDENTIALS)));
        assertRevealsNothingOf(core.status(), server.url(), server.adminEmail(), wrong);
    }

    private static void assertRevealsNothingOf(TrackerStatus status, String url, String email, String password) {
        assertThat(status.toString()).doesNotContain(url, "127.0.0.1", email, password, "Exception", "PocketBase at");
    }

    @Test
    void closeStopsTheTrackerAndItsRealtimeThread() {
        PocketBaseServer server = pocketBase(PocketBaseServer.builder());
        TrackerCore core = startTracker(server);
        awaitReady(core);

        core.close();

        assertThat(core.status().running()).isFalse();
        assertThat(core.status().ready()).isFalse();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.isAlive() && stackMentions(thread, "RealtimeSubscription"));
    }

    private static boolean stackMentions(Thread thread, String className) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().endsWith(className)) {
                return true;
            }
        }
        return false;
    }
}
