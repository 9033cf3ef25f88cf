package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.internal.config.Safeguards;
import dev.skopos.jakarta.internal.intake.RateLimits;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * The rate limit and the privacy opt-out against a real PocketBase: what they turn away leaves nothing stored
 * and is counted, while everyone else is stored as before.
 */
class IntakeGateStorageTest {
    private static final int LIMIT = 40;
    private static PocketBaseServer pocketBase;
    private static TrackerHarness tracker;
    private static PocketBaseView stored;

    @BeforeAll
    static void start() {
        pocketBase = PocketBaseServer.builder().start();
        tracker = TrackerHarness.immediate(pocketBase,
                Safeguards.DEFAULTS.withRateLimits(RateLimits.DEFAULTS.withPerAddressPerMinute(LIMIT))
                        .withRespectOptOut(true));
        stored = new PocketBaseView(pocketBase);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        tracker.close();
        pocketBase.close();
    }

    private static long drops(DropReason reason) {
        return tracker.core().status().delivery().dropped().get(reason);
    }

    @Test
    void aFloodFromOneAddressStoresAtMostTheLimitAndCountsTheRest() {
        String flooder = newIp();
        String neighbour = newIp();
        long before = drops(DropReason.RATE_LIMITED);

        long accepted = 0;
        for (int i = 0; i < 5 * LIMIT; i++) {
            accepted += tracker.track(browser(flooder), pageView("/flood/" + i).build()) ? 1 : 0;
        }
        assertThat(tracker.track(browser(neighbour), pageView("/").build())).isTrue();
        tracker.flush();

        // the tracker's clock stands still, so the bucket does not refill during the flood
        assertThat(accepted).isEqualTo(LIMIT);
        assertThat(stored.events(flooder)).hasSize(LIMIT);
        assertThat(drops(DropReason.RATE_LIMITED) - before).isEqualTo(4 * LIMIT);
        assertThat(stored.events(neighbour)).hasSize(1);
    }

    /**
     * PocketBase away, a flood of new visitors with the largest payloads fills the memory budget: once three
     * quarters of it are taken, the newcomers are refused by the site's ceiling while the visitors known for
     * half a minute are still accepted, and everything accepted is written once PocketBase is back.
     */
    @Test
    void aFloodOfNewVisitorsLeavesTheLastQuarterOfTheBudgetToKnownVisitors() throws Exception {
        try (PocketBaseServer away = PocketBaseServer.start();
             TrackerHarness limited = TrackerHarness.withMemoryBudget(away, 16L * 1024 * 1024,
                     Safeguards.DEFAULTS.withRateLimits(RateLimits.DEFAULTS.withSitePerSecond(100)))) {
            List<String> regulars = List.of(newIp(), newIp(), newIp());
            regulars.forEach(ip -> assertThat(limited.track(browser(ip), pageView("/regular").build())).isTrue());
            limited.clock().advance(Duration.ofSeconds(30));
            away.stop();
            JsonObject maximal = MemoryBudgetTest.maximalPayload();

            int newcomers = 0;
            while (limited.pipeline().delivery().dropped().get(DropReason.SITE_LIMITED) == 0) {
                limited.clock().advance(Duration.ofMillis(20));
                newcomers += limited.track(browser(newIp()), maximal) ? 1 : 0;
            }
            for (String ip : regulars) {
                limited.clock().advance(Duration.ofMillis(20));
                assertThat(limited.track(browser(ip), pageView("/regular").build())).isTrue();
            }
            away.restart();
            limited.flush();

            assertThat(newcomers).isPositive();
            assertThat(limited.pipeline().delivery().dropped().get(DropReason.MEMORY_BUDGET)).isZero();
            assertThat(away.admin().count("events")).isEqualTo(newcomers + 2 * regulars.size());
        }
    }

    @Test
    void globalPrivacyControlOrDoNotTrackStoresNothingAndIsCounted() {
        String gpc = newIp();
        String dnt = newIp();
        String control = newIp();
        long before = drops(DropReason.OPTED_OUT);

        assertThat(tracker.track(browser(gpc, TrackerHarness.CHROME, Map.of("sec-gpc", "1")), pageView("/").build()))
                .isFalse();
        assertThat(tracker.trackServerEvent(Optional.of(browser(gpc, TrackerHarness.CHROME, Map.of("sec-gpc", "1"))),
                "signup", Map.of())).isFalse();
        assertThat(tracker.track(browser(dnt, TrackerHarness.CHROME, Map.of("dnt", "1")), pageView("/").build()))
                .isFalse();
        assertThat(tracker.track(browser(control, TrackerHarness.CHROME, Map.of("sec-gpc", "0")),
                pageView("/").build())).isTrue();
        tracker.flush();

        assertThat(stored.visitors(gpc)).isEmpty();
        assertThat(stored.visitors(dnt)).isEmpty();
        assertThat(stored.events(control)).hasSize(1);
        assertThat(drops(DropReason.OPTED_OUT) - before).isEqualTo(3);
    }
}
