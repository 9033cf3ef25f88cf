package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.website.WebsiteSettings;
import dev.skopos.jakarta.testing.DashboardLayout;
import dev.skopos.jakarta.testing.ForwardingStore;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The daily {@code dash_sum} figures and {@code discardShortSessions}, against a real PocketBase, figure by
 * figure and key by key, each expected value worked out from the reference SDK's counting rules.
 */
class DailySummaryTest {
    private static final Instant MORNING = Instant.parse("2026-03-10T09:00:00Z");
    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    private static final String FIREFOX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 "
            + "Firefox/133.0";
    private PocketBaseServer pocketBase;
    private TrackerHarness tracker;

    @BeforeEach
    void start() {
        pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38);
        tracker = TrackerHarness.immediate(pocketBase);
        tracker.clock().set(MORNING);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (tracker != null) {
            tracker.close();
        }
        pocketBase.close();
    }

    private static JsonObjectBuilder page(String type, String path) {
        return Json.createObjectBuilder().add("type", type).add("url", "https://example.com" + path);
    }

    private void send(RequestInfo visitor, JsonObjectBuilder payload) {
        assertThat(tracker.track(visitor, payload.build())).isTrue();
    }

    private JsonObject summaryOf(String day) {
        return new PocketBaseView(pocketBase).summaryOf(day);
    }

    private static Map<String, Long> list(JsonObject summary, String name) {
        return PocketBaseView.breakdown(summary, name);
    }

    private static long figure(JsonObject summary, String name) {
        return summary.getJsonNumber(name).longValue();
    }

    @Test
    void aScriptedMixOfVisitsAddsUpToTheFiguresComputedByHand() throws InterruptedException {
        RequestInfo ada = browser(newIp());
        RequestInfo bea = browser(newIp(), IPHONE, Map.of("accept-language", "fr-FR"));
        RequestInfo cyd = browser(newIp(), FIREFOX, Map.of());

        send(ada, page("pageView", "/").add("referrer", "https://www.google.com/search?q=skopos")
                .add("language", "en-GB"));
        tracker.clock().advance(Duration.ofSeconds(20));
        send(ada, page("pageView", "/pricing"));
        send(ada, page("custom", "/pricing").add("name", "signup"));
        send(bea, page("pageView", "/").add("language", "fr-FR"));
        send(cyd, page("pageView", "/docs").add("referrer", "https://news.example/item/1"));
        send(cyd, page("custom", "/docs").add("name", "read")
                .add("customData", Json.createObjectBuilder().add("duration", 15)));
        send(bea, page("jsError", "/").add("errorMessage", "TypeError: x is undefined"));
        send(bea, page("jsError", "/").add("errorMessage", "TypeError: x is undefined"));
        send(cyd, page("jsError", "/docs").add("errorMessage", "ReferenceError: y"));
        tracker.clock().advance(Duration.ofMinutes(31));
        send(ada, page("pageView", "/blog").add("language", "en-GB"));
        tracker.close();
        tracker = null;

        JsonObject summary = summaryOf("2026-03-10");
        assertThat(figure(summary, "pageViews")).isEqualTo(5);
        assertThat(figure(summary, "visitors")).isEqualTo(4);
        assertThat(figure(summary, "newVisitors")).isEqualTo(3);
        assertThat(figure(summary, "returningVisitors")).isEqualTo(1);
        assertThat(figure(summary, "engagedSessions")).as("a JS error is a session's second event too").isEqualTo(3);
        assertThat(figure(summary, "jsErrors")).isEqualTo(3);
        assertThat(list(summary, "topPages")).isEqualTo(Map.of("/", 2L, "/pricing", 1L, "/docs", 1L, "/blog", 1L));
        assertThat(list(summary, "entryPages")).isEqualTo(Map.of("/", 2L, "/docs", 1L, "/blog", 1L));
        assertThat(list(summary, "exitPages")).isEqualTo(Map.of("/pricing", 1L, "/", 1L, "/docs", 1L, "/blog", 1L));
        assertThat(list(summary, "topReferrers")).isEqualTo(Map.of("google.com", 1L, "news.example", 1L,
                "Direct", 2L));
        assertThat(list(summary, "deviceBreakdown")).isEqualTo(Map.of("desktop", 3L, "mobile", 1L));
        assertThat(list(summary, "browserBreakdown")).isEqualTo(Map.of("Chrome", 2L, "Mobile Safari", 1L,
                "Firefox", 1L));
        assertThat(list(summary, "languageBreakdown")).as("no key for a language not sent")
                .isEqualTo(Map.of("en-GB", 2L, "fr-FR", 1L));
        assertThat(list(summary, "countryBreakdown")).isEqualTo(Map.of("Unknown", 4L));
        assertThat(list(summary, "stateBreakdown")).isEqualTo(Map.of("Unknown|Unknown", 4L));
        assertThat(list(summary, "topCustomEvents")).isEqualTo(Map.of("signup", 1L, "read", 1L));
        assertThat(list(summary, "topJsErrors")).isEqualTo(Map.of("TypeError: x is undefined", 2L,
                "ReferenceError: y", 1L));
    }

    @Test
    void errorOnlySessionsAndEveryDistinctPageCountAsTheReferenceCountsThem() {
        RequestInfo crashed = browser(newIp());
        RequestInfo reader = browser(newIp(), FIREFOX, Map.of());
        send(crashed, page("jsError", "/checkout").add("errorMessage", "Uncaught TypeError: cart is null"));
        for (int i = 0; i < 120; i++) {
            send(reader, page("pageView", "/docs/" + i).add("language", "de-DE"));
        }
        send(reader, page("jsError", "/docs/119").add("errorMessage", "Uncaught TypeError: cart is null"));
        tracker.flush();

        JsonObject summary = summaryOf("2026-03-10");
        // a session counts on its first event, whatever its type; its second event, a JS error too, engages it
        assertThat(figure(summary, "visitors")).isEqualTo(2);
        assertThat(figure(summary, "newVisitors")).isEqualTo(2);
        assertThat(figure(summary, "returningVisitors")).isZero();
        assertThat(figure(summary, "engagedSessions")).isEqualTo(1);
        assertThat(figure(summary, "pageViews")).isEqualTo(120);
        assertThat(figure(summary, "jsErrors")).isEqualTo(2);
        Map<String, Long> everyPage = new HashMap<>();
        for (int i = 0; i < 120; i++) {
            everyPage.put("/docs/" + i, 1L);
        }
        assertThat(list(summary, "topPages")).as("every key kept, none folded").isEqualTo(everyPage);
        assertThat(list(summary, "entryPages")).isEqualTo(Map.of("/checkout", 1L, "/docs/0", 1L));
        assertThat(list(summary, "topReferrers")).isEqualTo(Map.of("Direct", 2L));
        assertThat(list(summary, "deviceBreakdown")).isEqualTo(Map.of("desktop", 2L));
        assertThat(list(summary, "browserBreakdown")).isEqualTo(Map.of("Chrome", 1L, "Firefox", 1L));
        assertThat(list(summary, "languageBreakdown")).isEqualTo(Map.of("de-DE", 1L));
        assertThat(list(summary, "countryBreakdown")).isEqualTo(Map.of("Unknown", 2L));
        assertThat(list(summary, "stateBreakdown")).isEqualTo(Map.of("Unknown|Unknown", 2L));
        assertThat(list(summary, "topCustomEvents")).isEmpty();
        assertThat(list(summary, "topJsErrors")).isEqualTo(Map.of("Uncaught TypeError: cart is null", 2L));
    }

    @Test
    void aFloodOfOneOffPagesNeverPushesTheSitesPagesOutNorChangesTheirCounts() {
        RequestInfo regular = browser(newIp());
        List<RequestInfo> flooders = IntStream.range(0, 6).mapToObj(i -> browser(newIp())).toList();
        for (int i = 0; i < 1_500; i++) {
            send(flooders.get(i % flooders.size()), page("pageView", "/flood/" + i));
            if (i % 10 == 0) {
                send(regular, page("pageView", i % 20 == 0 ? "/" : "/pricing"));
            }
            if (i % 500 == 499) {
                tracker.flush();
            }
        }

        JsonArray pages = summaryOf("2026-03-10").getJsonArray("topPages");
        Map<String, Long> counts = list(summaryOf("2026-03-10"), "topPages");
        assertThat(counts).containsEntry("/", 75L).containsEntry("/pricing", 75L).hasSize(1_001);
        assertThat(pages.getJsonObject(0).getString("key")).isIn("/", "/pricing");
        assertThat(pages.getJsonObject(pages.size() - 1).getString("key")).isEqualTo("Other");
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_650);
    }

    /**
     * PocketBase 0.22 (the compatibility run) writes {@code <}, {@code >} and {@code &} again as six-byte
     * escapes before it checks a JSON field's size: counted as characters, this day would be three times its
     * field's limit there. 0.40 keeps them as they are, and takes the day all the same.
     */
    @Test
    void aDayOfErrorMessagesThatOlderPocketBaseEscapesSixfoldIsStillTaken() {
        List<RequestInfo> visitors = IntStream.range(0, 4).mapToObj(i -> browser(newIp())).toList();
        for (int i = 0; i < 1_200; i++) {
            send(visitors.get(i % visitors.size()), page("jsError", "/app")
                    .add("errorMessage", i + " " + "<&>".repeat(160)));
        }
        tracker.flush();

        JsonObject summary = summaryOf("2026-03-10");
        assertThat(figure(summary, "jsErrors")).isEqualTo(1_200);
        Map<String, Long> errors = list(summary, "topJsErrors");
        assertThat(errors).containsKey("Other").hasSizeLessThan(1_001);
        assertThat(errors.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_200);
    }

    @Test
    void eventsAroundMidnightLandInTheDayTheyHappened() {
        RequestInfo night = browser(newIp());
        tracker.clock().set(Instant.parse("2026-03-10T23:59:59.500Z"));
        send(night, page("pageView", "/late"));
        tracker.clock().set(Instant.parse("2026-03-11T00:00:00.500Z"));
        send(night, page("pageView", "/early"));
        tracker.flush();

        assertThat(list(summaryOf("2026-03-10"), "topPages")).isEqualTo(Map.of("/late", 1L));
        assertThat(figure(summaryOf("2026-03-10"), "visitors")).isEqualTo(1);
        assertThat(list(summaryOf("2026-03-11"), "topPages")).isEqualTo(Map.of("/early", 1L));
        assertThat(figure(summaryOf("2026-03-11"), "visitors")).as("the session began the day before").isZero();
    }

    @Test
    void twoTrackersFlushingTheSameDayEndWithOneRecordHoldingBoth() throws Exception {
        try (TrackerHarness second = TrackerHarness.immediate(pocketBase)) {
            second.clock().set(MORNING);
            for (int i = 0; i < 3; i++) {
                send(browser(newIp()), page("pageView", "/first"));
                assertThat(second.track(browser(newIp()), page("pageView", "/second").build())).isTrue();
            }
            CompletableFuture<?> one = CompletableFuture.runAsync(tracker::flush);
            CompletableFuture<?> two = CompletableFuture.runAsync(second::flush);
            CompletableFuture.allOf(one, two).get();
        }

        JsonObject summary = summaryOf("2026-03-10");
        assertThat(figure(summary, "pageViews")).isEqualTo(6);
        assertThat(figure(summary, "visitors")).isEqualTo(6);
        assertThat(list(summary, "topPages")).isEqualTo(Map.of("/first", 3L, "/second", 3L));
    }

    @Test
    void aDayRecordAnotherWriterCreatesAtTheSameMomentUnderAnotherIdGetsTheGainsAddedToIt() throws Exception {
        tracker.close();
        JsonObject theirs = Json.createObjectBuilder().add("website", pocketBase.websiteId())
                .add("date", "2026-03-10 00:00:00.000Z").add("isFinalized", false)
                .add("summary", Json.createObjectBuilder().add("pageViews", 5)).build();
        // the other writer's create lands between this tracker's lookup (nothing yet) and its own create
        tracker = TrackerHarness.withStore(pocketBase, real -> new ForwardingStore(real) {
            private boolean created;

            @Override
            public JsonObject create(String collection, JsonObject record) {
                if (collection.equals("dash_sum") && !created) {
                    created = true;
                    pocketBase.admin().create("dash_sum", theirs);
                }
                return super.create(collection, record);
            }
        });
        tracker.clock().set(MORNING);
        send(browser(newIp()), page("pageView", "/mine"));
        tracker.flush();

        assertThat(figure(summaryOf("2026-03-10"), "pageViews")).isEqualTo(6);
    }

    @Test
    void aFailedFlushLosesNothingOncePocketBaseIsBack() {
        send(browser(newIp()), page("pageView", "/kept"));
        tracker.flush();
        pocketBase.stop();
        send(browser(newIp()), page("pageView", "/kept"));
        assertThat(tracker.pipeline().flush(Duration.ofMillis(300)).pending()).isPositive();

        pocketBase.restart();
        tracker.flush();

        JsonObject summary = summaryOf("2026-03-10");
        assertThat(figure(summary, "pageViews")).isEqualTo(2);
        assertThat(figure(summary, "visitors")).isEqualTo(2);
        assertThat(list(summary, "topPages")).isEqualTo(Map.of("/kept", 2L));
    }

    @Test
    void withDiscardShortSessionsABounceLeavesTheSummaryAndARealVisitCountsOnce() {
        pocketBase.setWebsiteSetting("discardShortSessions", true);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> tracker.core().website().map(WebsiteSettings::discardShortSessions).orElse(false));
        String bounce = newIp();
        RequestInfo reader = browser(newIp());

        send(browser(bounce), page("pageView", "/bounce"));
        send(reader, page("pageView", "/article"));
        send(reader, page("pageView", "/article/2"));
        tracker.flush();

        JsonObject summary = summaryOf("2026-03-10");
        assertThat(figure(summary, "visitors")).isEqualTo(1);
        assertThat(figure(summary, "pageViews")).isEqualTo(2);
        assertThat(list(summary, "topPages")).isEqualTo(Map.of("/article", 1L, "/article/2", 1L));
        assertThat(list(summary, "entryPages")).isEqualTo(Map.of("/article", 1L));
        assertThat(new PocketBaseView(pocketBase).events(bounce)).as("raw events are still stored").hasSize(1);
    }

    @Test
    void aSessionThatTimesOutAddsItsLastPathToExitPages() {
        RequestInfo visitor = browser(newIp());
        send(visitor, page("pageView", "/in"));
        send(visitor, page("pageView", "/out"));
        tracker.clock().advance(Duration.ofMinutes(31));
        send(browser(newIp()), page("pageView", "/someone-else"));
        tracker.pipeline().sweepSessions();
        tracker.flush();

        assertThat(list(summaryOf("2026-03-10"), "exitPages")).isEqualTo(Map.of("/out", 1L));
    }
}
