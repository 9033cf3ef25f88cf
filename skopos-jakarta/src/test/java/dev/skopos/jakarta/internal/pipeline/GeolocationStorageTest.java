package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.testing.DashboardLayout;
import dev.skopos.jakarta.testing.GeoDatabases;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Country (ISO code, as the dashboard's world map reads it) and state of each new session, from real MaxMind
 * DB files of both layouts, as they land in the {@code sessions} records and the daily summary.
 */
class GeolocationStorageTest {
    private static final Instant NOON = Instant.parse("2026-04-02T12:00:00Z");
    private PocketBaseServer pocketBase;
    private PocketBaseView view;
    private TrackerHarness tracker;

    @BeforeEach
    void startPocketBase() {
        pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38);
        view = new PocketBaseView(pocketBase);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (tracker != null) {
            tracker.close();
        }
        pocketBase.close();
    }

    private void track(List<Path> geoipDatabases, String... addresses) throws InterruptedException {
        tracker = TrackerHarness.immediate(pocketBase, geoipDatabases);
        tracker.clock().set(NOON);
        for (String address : addresses) {
            assertThat(tracker.track(browser(address), pageView("/").build())).isTrue();
        }
        // closing ends the sessions and writes the summary
        tracker.close();
        tracker = null;
    }

    /** Each address's session location, as "country/state". */
    private Map<String, String> locationsOf(String... addresses) {
        Map<String, String> locations = new HashMap<>();
        for (String address : addresses) {
            JsonObject session = view.onlySession(address);
            locations.put(address, session.getString("country") + "/" + session.getString("state"));
        }
        return locations;
    }

    private Map<String, Long> breakdown(String name) {
        return PocketBaseView.breakdown(view.summaryOf("2026-04-02"), name);
    }

    @Test
    void dbIpLiteLocatesIpv4AndIpv6VisitorsByCountryCodeAndState() throws InterruptedException {
        track(GeoDatabases.dbipCity(), "8.8.8.8", "2a00:1450:4001::1", "8.8.4.4");

        assertThat(locationsOf("8.8.8.8", "2a00:1450:4001::1"))
                .isEqualTo(Map.of("8.8.8.8", "US/California", "2a00:1450:4001::1", "DE/Hesse"));
        assertThat(breakdown("countryBreakdown")).isEqualTo(Map.of("US", 2L, "DE", 1L));
        assertThat(breakdown("stateBreakdown")).isEqualTo(Map.of("US|California", 2L, "DE|Hesse", 1L));
    }

    @Test
    void aMaxMindLayoutDatabaseLocatesByCountryCodeAndFirstSubdivision() throws InterruptedException {
        track(List.of(GeoDatabases.maxMindLayout()), "81.2.69.142", "8.8.8.8");

        assertThat(locationsOf("81.2.69.142", "8.8.8.8"))
                .isEqualTo(Map.of("81.2.69.142", "GB/England", "8.8.8.8", "US/Unknown"));
        assertThat(breakdown("stateBreakdown")).isEqualTo(Map.of("GB|England", 1L, "US|Unknown", 1L));
    }

    @Test
    void addressesTheDatabaseDoesNotHoldAreUnknown() throws InterruptedException {
        // a documentation range and a private address; a host name never gets this far, since the client
        // address is always an IP literal
        track(GeoDatabases.dbipCity(), "198.51.100.7", "10.20.30.40");

        assertThat(locationsOf("198.51.100.7", "10.20.30.40")).containsOnlyKeys("198.51.100.7", "10.20.30.40")
                .allSatisfy((address, location) -> assertThat(location).as(address).isEqualTo("Unknown/Unknown"));
        assertThat(breakdown("countryBreakdown")).isEqualTo(Map.of("Unknown", 2L));
        assertThat(breakdown("stateBreakdown")).isEqualTo(Map.of("Unknown|Unknown", 2L));
    }

    @Test
    void withoutADatabaseEveryVisitorIsUnknown() throws InterruptedException {
        track(List.of(), "8.8.8.8");

        assertThat(locationsOf("8.8.8.8")).isEqualTo(Map.of("8.8.8.8", "Unknown/Unknown"));
        assertThat(breakdown("countryBreakdown")).isEqualTo(Map.of("Unknown", 1L));
    }
}
