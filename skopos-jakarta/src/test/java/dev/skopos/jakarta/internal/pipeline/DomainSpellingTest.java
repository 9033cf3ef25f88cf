package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The domain rule for every way an owner may type the domain in the dashboard: pages of the site and its
 * subdomains count, foreign hosts and look-alikes that merely end with the same letters do not, whether the
 * spelling was there when the tracker started or typed while it runs.
 */
class DomainSpellingTest {
    private static final List<String> OWN_PAGES = List.of("https://example.com/", "https://www.example.com/a",
            "https://shop.example.com/cart", "http://EXAMPLE.com:8080/b", "https://example.com./c");
    private static final List<String> FOREIGN_PAGES = List.of("https://notexample.com/",
            "https://example.com.evil.test/", "https://evil.test/example.com", "https://example.co/");

    private static PocketBaseServer pocketBase;
    private static PocketBaseView stored;

    @BeforeAll
    static void startPocketBase() {
        pocketBase = PocketBaseServer.builder().domain("unrelated.test").start();
        stored = new PocketBaseView(pocketBase);
    }

    @AfterAll
    static void stopPocketBase() {
        pocketBase.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://www.example.com/", "example.com:443", "EXAMPLE.com.", "http://example.com",
            "www.example.com", "example.com/"})
    void spellingInPlaceAtStartAcceptsOwnPagesOnly(String spelling) throws Exception {
        setDomain(spelling);
        try (TrackerHarness tracker = TrackerHarness.immediate(pocketBase)) {
            assertAcceptsOwnPagesOnly(tracker);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://www.example.com/", "example.com:443", "EXAMPLE.com."})
    void spellingTypedWhileRunningAcceptsOwnPagesOnly(String spelling) throws Exception {
        setDomain("unrelated.test");
        try (TrackerHarness tracker = TrackerHarness.immediate(pocketBase)) {
            setDomain(spelling);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> tracker.core().website().orElseThrow().domain().equals("example.com"));
            assertAcceptsOwnPagesOnly(tracker);
        }
    }

    private static void setDomain(String spelling) {
        pocketBase.admin().update("websites", pocketBase.websiteId(),
                Json.createObjectBuilder().add("domain", spelling).build());
    }

    private static void assertAcceptsOwnPagesOnly(TrackerHarness tracker) {
        for (String page : OWN_PAGES) {
            String ip = newIp();
            assertThat(tracker.track(browser(ip), pageView(page))).as(page).isTrue();
            tracker.flush();
            assertThat(stored.visitors(ip)).as(page).hasSize(1);
        }
        for (String page : FOREIGN_PAGES) {
            String ip = newIp();
            assertThat(tracker.track(browser(ip), pageView(page))).as(page).isFalse();
            tracker.flush();
            assertThat(stored.visitors(ip)).as(page).isEmpty();
        }
    }

    private static JsonObject pageView(String url) {
        return Json.createObjectBuilder().add("type", "pageView").add("url", url).build();
    }
}
