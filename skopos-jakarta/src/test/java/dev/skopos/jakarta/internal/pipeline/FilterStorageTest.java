package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.visitors.VisitorId;
import dev.skopos.jakarta.internal.website.WebsiteSettings;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The traffic filters against a real PocketBase: each filter leaves nothing stored for the dropped visitor,
 * while an ordinary visitor sent just after it is stored (proving the writes went through).
 */
class FilterStorageTest {
    @RegisterExtension
    static final SharedTracker shared = new SharedTracker(PocketBaseServer.builder().domain("www.example.com"));


    @AfterEach
    void restoreWebsite() {
        changeWebsite(Json.createObjectBuilder().add("isArchived", false).add("disableLocalhostTracking", false)
                .add("ipBlacklist", Json.createArrayBuilder()).build(),
                site -> !site.archived() && !site.disableLocalhostTracking() && site.ipBlacklist().isEmpty());
    }

    private static void changeWebsite(JsonObject changes, Predicate<WebsiteSettings> applied) {
        shared.pocketBase().admin().update("websites", shared.pocketBase().websiteId(), changes);
        await().atMost(Duration.ofSeconds(5)).until(() -> applied.test(shared.tracker().core().website().orElseThrow()));
    }

    /** Sends the event for {@code dropped}, then a plain page view from a fresh visitor; flushes. */
    private static String sendThenControl(RequestInfo dropped, JsonObject event) {
        shared.tracker().track(dropped, event);
        String control = newIp();
        assertThat(shared.tracker().track(browser(control), pageView("/control").build())).isTrue();
        shared.tracker().flush();
        assertThat(shared.stored().events(control)).hasSize(1);
        return control;
    }

    private static void assertNothingStoredFor(String ip) {
        assertThat(shared.stored().visitors(ip)).isEmpty();
    }

    @Test
    void archivedWebsiteRecordsNothing() {
        changeWebsite(Json.createObjectBuilder().add("isArchived", true).build(), WebsiteSettings::archived);
        String ip = newIp();

        assertThat(shared.tracker().track(browser(ip), pageView("/").build())).isFalse();
        shared.tracker().flush();

        assertNothingStoredFor(ip);
    }

    @Test
    void blacklistedIpIsDropped() {
        String ip = newIp();
        changeWebsite(Json.createObjectBuilder().add("ipBlacklist", Json.createArrayBuilder().add(ip)).build(),
                site -> site.ipBlacklist().contains(ip));

        sendThenControl(browser(ip), pageView("/").build());

        assertNothingStoredFor(ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "::ffff:127.0.0.1"})
    void loopbackIsDroppedWhenLocalhostTrackingIsDisabled(String loopback) {
        changeWebsite(Json.createObjectBuilder().add("disableLocalhostTracking", true).build(),
                WebsiteSettings::disableLocalhostTracking);

        sendThenControl(browser(loopback), pageView("/").build());

        assertNothingStoredFor(loopback);
    }

    @Test
    void loopbackIsTrackedWhenLocalhostTrackingIsAllowed() {
        String loopback = "127.0.0.2";
        shared.tracker().track(browser(loopback), pageView("/").build());
        shared.tracker().flush();

        assertThat(shared.stored().visitors(loopback)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "curl/8.5.0",
            "python-requests/2.32.3",
            "Java/17.0.15",
            "okhttp/4.12.0",
            "Apache-HttpClient/5.3 (Java/17)",
            "Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/49.0.2623.112 Safari/537.36",
            "short"})
    void botUserAgentsAreDropped(String userAgent) {
        String ip = newIp();
        RequestInfo bot = browser(ip, userAgent, Map.of());

        sendThenControl(bot, pageView("/").build());

        assertThat(shared.pocketBase().admin().list("visitors", "visitorId = '"
                + VisitorId.of(shared.pocketBase().trackingId(), bot.clientIp(), bot.userAgent()) + "'")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-selenium", "x-puppeteer", "x-playwright", "x-webdriver", "x-automated"})
    void automationHeadersAreDropped(String header) {
        String ip = newIp();

        sendThenControl(browser(ip, TrackerHarness.CHROME, Map.of(header, "1")), pageView("/").build());

        assertNothingStoredFor(ip);
    }

    @Test
    void headlessPlatformHintIsDropped() {
        String ip = newIp();

        sendThenControl(browser(ip, TrackerHarness.CHROME, Map.of("sec-ch-ua-platform", "\"Headless\"")),
                pageView("/").build());

        assertNothingStoredFor(ip);
    }

    @Test
    void missingBrowserHeadersAreDropped() {
        String ip = newIp();
        RequestInfo bare = RequestInfo.of(ip, name -> Map.of("user-agent", TrackerHarness.CHROME).get(name),
                "/api/event");

        sendThenControl(bare, pageView("/").build());

        assertNothingStoredFor(ip);
    }

    @Test
    void spoofedDomainIsDropped() {
        String ip = newIp();

        sendThenControl(browser(ip), Json.createObjectBuilder().add("type", "pageView")
                .add("url", "https://example.com.evil.test/").build());
        sendThenControl(browser(ip), Json.createObjectBuilder().add("type", "pageView")
                .add("url", "https://notexample.com/").build());

        assertNothingStoredFor(ip);
    }

    @Test
    void originFromAnotherHostIsDropped() {
        String ip = newIp();

        sendThenControl(browser(ip, TrackerHarness.CHROME, Map.of("origin", "https://evil.test")),
                pageView("/").build());

        assertNothingStoredFor(ip);
    }

    @Test
    void eachOriginIsJudgedOnItsOwnWhenOriginsAlternate() {
        RequestInfo fromSite = browser(newIp(), TrackerHarness.CHROME, Map.of("origin", "https://example.com"));
        RequestInfo fromElsewhere = browser(newIp(), TrackerHarness.CHROME, Map.of("origin", "https://evil.test"));

        for (int round = 0; round < 2; round++) {
            assertThat(shared.tracker().track(fromSite, pageView("/").build())).isTrue();
            assertThat(shared.tracker().track(fromElsewhere, pageView("/").build())).isFalse();
        }
        shared.tracker().flush();

        assertThat(shared.stored().events(fromSite.clientIp().orElseThrow())).hasSize(2);
        assertNothingStoredFor(fromElsewhere.clientIp().orElseThrow());
    }

    @Test
    void configuredDomainMatchesItsSubdomainsWithoutWww() {
        String apex = newIp();
        String sub = newIp();
        shared.tracker().track(browser(apex, TrackerHarness.CHROME, Map.of("origin", "https://example.com")),
                pageView("/").build());
        shared.tracker().track(browser(sub), Json.createObjectBuilder().add("type", "pageView")
                .add("url", "https://shop.example.com/cart").build());
        shared.tracker().flush();

        assertThat(shared.stored().visitors(apex)).hasSize(1);
        assertThat(shared.stored().visitors(sub)).hasSize(1);
    }

    @Test
    void prototypeKeyInCustomDataStoresNothing() {
        String ip = newIp();

        sendThenControl(browser(ip), pageView("/").add("type", "custom").add("name", "x")
                .add("customData", Json.createObjectBuilder().add("__proto__", Json.createObjectBuilder()
                        .add("admin", true))).build());

        assertNothingStoredFor(ip);
    }
}
