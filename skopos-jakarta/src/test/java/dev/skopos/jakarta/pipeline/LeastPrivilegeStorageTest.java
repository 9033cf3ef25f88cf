package dev.skopos.jakarta.pipeline;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.pocketbase.AdminCredentials;
import dev.skopos.jakarta.pocketbase.Filter;
import dev.skopos.jakarta.pocketbase.PocketBaseClient;
import dev.skopos.jakarta.pocketbase.PocketBaseException;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static dev.skopos.jakarta.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The tracker logged in as a record of the least-privilege auth collection that
 * {@code server-config/pocketbase/skopos-tracker-access-v0.22.json} defines: everything it writes lands, and
 * the API rules keep it to its own website.
 */
class LeastPrivilegeStorageTest {
    private static PocketBaseServer pocketBase;
    private static AdminCredentials account;
    private static TrackerHarness tracker;
    private static PocketBaseView stored;

    @BeforeAll
    static void start() {
        pocketBase = PocketBaseServer.builder().start();
        account = pocketBase.createTrackerAccount();
        tracker = TrackerHarness.loggedInAs(pocketBase, account);
        stored = new PocketBaseView(pocketBase);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        tracker.close();
        pocketBase.close();
    }

    @Test
    void everyKindOfRecordIsWrittenWithTheTrackerAccount() {
        String ip = newIp();
        RequestInfo visitor = browser(ip);

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
        assertThat(stored.events(ip)).extracting(e -> e.getString("path")).containsExactly("/first", "/second");
        assertThat(stored.jsErrors()).anySatisfy(error -> assertThat(error.getString("errorMessage"))
                .isEqualTo("TypeError " + ip));
        await().atMost(Duration.ofSeconds(15)).until(() -> pocketBase.admin().count("dash_sum") > 0);
        assertThat(pocketBase.admin().get("websites", pocketBase.websiteId()).getString("sdkVersion"))
                .matches("\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void theRulesKeepTheAccountToItsOwnWebsiteAndItsSdkVersion() {
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
