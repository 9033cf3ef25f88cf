package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.pocketbase.AdminCredentials;
import dev.skopos.jakarta.internal.pocketbase.Filter;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseClient;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.testing.DashboardLayout;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The tracker logged in as a record of the least-privilege auth collection that
 * {@code server-config/pocketbase/apply-tracker-access.sh} creates, on today's dashboard's collections and on
 * those of a dashboard that still reads daily summaries: everything it writes lands, it reads the settings where
 * the dashboard keeps them, and the API rules keep it to its own website.
 */
class LeastPrivilegeStorageTest {

    @ParameterizedTest
    @EnumSource(DashboardLayout.class)
    void everyKindOfRecordIsWrittenWithTheTrackerAccount(DashboardLayout layout) throws InterruptedException {
        try (PocketBaseServer pocketBase = PocketBaseServer.startWith(layout);
             TrackerHarness tracker = TrackerHarness.loggedInAs(pocketBase, pocketBase.createTrackerAccount())) {
            PocketBaseView stored = new PocketBaseView(pocketBase);
            String ip = newIp();
            RequestInfo visitor = browser(ip);
            pocketBase.setWebsiteSetting("storeRawIp", true);
            await().atMost(Duration.ofSeconds(5)).until(() -> tracker.core().website().orElseThrow().storeRawIp());

            assertThat(tracker.track(visitor, pageView("/first").build())).isTrue();
            assertThat(tracker.track(visitor, pageView("/second").add("type", "custom").add("name", "signup")
                    .add("customData", Json.createObjectBuilder().add("plan", "pro")).build())).isTrue();
            assertThat(tracker.track(visitor, pageView("/app").add("type", "jsError")
                    .add("errorMessage", "TypeError " + ip).build())).isTrue();
            assertThat(tracker.pipeline().identify(Optional.of(visitor), "user-1", Map.of("name", "Ada"))).isTrue();
            tracker.flush();
            tracker.pipeline().drain(Duration.ofSeconds(20));

            assertThat(stored.visitors(ip)).singleElement().satisfies(v -> assertThat(v.getString("userId"))
                    .isEqualTo("user-1"));
            assertThat(stored.onlySession(ip).getString("exitPath")).as("a JS error is the session's last event")
                    .isEqualTo("/app");
            assertThat(stored.onlySession(ip).getString("ipAddress")).isEqualTo(ip);
            assertThat(stored.events(ip)).extracting(e -> e.getString("path")).containsExactly("/first", "/second");
            assertThat(stored.jsErrors()).anySatisfy(error -> assertThat(error.getString("errorMessage"))
                    .isEqualTo("TypeError " + ip));
            if (pocketBase.admin().hasCollection("dash_sum")) {
                await().atMost(Duration.ofSeconds(15)).until(() -> pocketBase.admin().count("dash_sum") > 0);
            }
            if (pocketBase.admin().fieldNames("websites").contains("sdkVersion")) {
                assertThat(pocketBase.admin().get("websites", pocketBase.websiteId()).getString("sdkVersion"))
                        .matches("\\d+\\.\\d+\\.\\d+");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DashboardLayout.class)
    void theRulesKeepTheAccountToItsOwnWebsiteAndItsSdkVersion(DashboardLayout layout) {
        try (PocketBaseServer pocketBase = PocketBaseServer.startWith(layout)) {
            AdminCredentials account = pocketBase.createTrackerAccount();
            String other = pocketBase.admin().create("websites", Json.createObjectBuilder().add("name", "Other")
                    .add("domain", "other.example").add("trackingId", "other-site").build()).getString("id");
            try (PocketBaseClient client = PocketBaseClient.create(URI.create(pocketBase.url()), account)) {
                client.login();

                assertThat(client.findFirst("websites", Filter.eq("trackingId", "other-site"))).isEmpty();
                assertThatThrownBy(() -> client.update("websites", pocketBase.websiteId(),
                        Json.createObjectBuilder().add("domain", "evil.example").build()))
                        .isInstanceOf(PocketBaseException.class);
                assertThatThrownBy(() -> client.create("visitors", Json.createObjectBuilder().add("website", other)
                        .add("visitorId", "intruder").build())).isInstanceOf(PocketBaseException.class);
            }
            assertThat(pocketBase.admin().get("websites", pocketBase.websiteId()).getString("domain"))
                    .isEqualTo("example.com");
            assertThat(pocketBase.admin().list("visitors", "visitorId = 'intruder'")).isEmpty();
        }
    }
}
