package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.InvalidEventException;
import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.store.Records;
import dev.skopos.jakarta.internal.support.Sha256;
import dev.skopos.jakarta.internal.visitors.VisitorId;
import dev.skopos.jakarta.testing.LogCapture;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The pipeline against a real PocketBase: what lands for accepted events, sessions, errors and identify. */
class PipelineStorageTest {
    private static final AtomicInteger NEXT_IP = new AtomicInteger(1);
    @RegisterExtension
    static final SharedTracker shared = new SharedTracker(PocketBaseServer.builder());


    /** A fresh visitor for each test: a new documentation-range IP. */
    static String newIp() {
        int n = NEXT_IP.getAndIncrement();
        return "198.51." + (n / 250) + "." + (n % 250 + 1);
    }

    static JsonObjectBuilder pageView(String path) {
        return Json.createObjectBuilder().add("type", "pageView").add("url", "https://example.com" + path);
    }

    @Test
    void pageViewCreatesVisitorSessionAndEvent() {
        String ip = newIp();
        assertThat(shared.tracker().track(browser(ip), pageView("/pricing")
                .add("referrer", "https://www.search.example/q?x=1").add("screenWidth", 1440.7)
                .add("screenHeight", 900).add("language", "en-GB").build())).isTrue();
        shared.tracker().flush();

        assertThat(shared.stored().visitors(ip)).hasSize(1);
        JsonObject session = shared.stored().onlySession(ip);
        assertThat(session.getString("website")).isEqualTo(shared.pocketBase().websiteId());
        assertThat(session.getString("browser")).isEqualTo("Chrome");
        assertThat(session.getString("os")).isEqualTo("Windows");
        assertThat(session.getString("device")).isEqualTo("desktop");
        assertThat(session.getString("entryPath")).isEqualTo("/pricing");
        assertThat(session.getString("exitPath")).isEqualTo("/pricing");
        assertThat(session.getString("referrer")).isEqualTo("https://www.search.example/q?x=1");
        assertThat(session.getString("screenWidth")).isEqualTo("1440");
        assertThat(session.getString("screenHeight")).isEqualTo("900");
        assertThat(session.getString("language")).isEqualTo("en-GB");
        assertThat(session.getString("country")).isEqualTo("Unknown");
        assertThat(session.getString("state")).isEqualTo("Unknown");
        assertThat(session.getString("ipAddress")).isEmpty();
        assertThat(session.getBoolean("isNewVisitor")).isTrue();
        List<JsonObject> events = shared.stored().events(session);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getString("type")).isEqualTo("pageView");
        assertThat(events.get(0).getString("path")).isEqualTo("/pricing");
        assertThat(events.get(0).getString("eventName")).isEmpty();
    }

    @Test
    void visitorIdIsTheHashOfSiteIpAndUserAgent() {
        String ip = newIp();
        shared.tracker().track(browser(ip), pageView("/").build());
        shared.tracker().flush();

        assertThat(shared.stored().visitors(ip).get(0).getString("visitorId"))
                .isEqualTo(Sha256.hex(shared.pocketBase().trackingId() + "-" + ip + "-" + TrackerHarness.CHROME))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void secondPageViewReusesTheSessionAndMovesItsExitPath() {
        String ip = newIp();
        shared.tracker().track(browser(ip), pageView("/a").build());
        shared.tracker().flush();
        shared.tracker().track(browser(ip), pageView("/b").build());
        shared.tracker().track(browser(ip), pageView("/c").build());
        shared.tracker().flush();

        JsonObject session = shared.stored().onlySession(ip);
        assertThat(session.getString("entryPath")).isEqualTo("/a");
        assertThat(session.getString("exitPath")).isEqualTo("/c");
        assertThat(shared.stored().events(session)).extracting(e -> e.getString("path")).containsExactly("/a", "/b", "/c");
    }

    @Test
    void customEventStoresNameAndData() {
        String ip = newIp();
        JsonObject data = Json.createObjectBuilder().add("plan", "pro").add("seats", 3).build();
        shared.tracker().track(browser(ip), pageView("/checkout").add("type", "custom").add("name", "purchase")
                .add("customData", data).build());
        shared.tracker().flush();

        JsonObject event = shared.stored().events(ip).get(0);
        assertThat(event.getString("type")).isEqualTo("custom");
        assertThat(event.getString("eventName")).isEqualTo("purchase");
        assertThat(event.getJsonObject("eventData")).isEqualTo(data);
    }

    @Test
    void sessionTimeoutStartsANewSessionForAReturningVisitor() {
        String ip = newIp();
        shared.tracker().track(browser(ip), pageView("/first").build());
        shared.tracker().flush();
        shared.tracker().clock().advance(Duration.ofMinutes(31));
        shared.tracker().track(browser(ip), pageView("/again").build());
        shared.tracker().flush();

        List<JsonObject> sessions = shared.stored().sessions(ip);
        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0).getBoolean("isNewVisitor")).isTrue();
        assertThat(sessions.get(1).getBoolean("isNewVisitor")).isFalse();
        assertThat(sessions.get(1).getString("entryPath")).isEqualTo("/again");
        assertThat(shared.stored().visitors(ip)).hasSize(1);
    }

    @Test
    void sessionDeletedInPocketBaseIsReplaced() {
        String ip = newIp();
        shared.tracker().track(browser(ip), pageView("/before").build());
        shared.tracker().flush();
        shared.pocketBase().admin().delete("sessions", shared.stored().onlySession(ip).getString("id"));

        shared.tracker().track(browser(ip), pageView("/after").build());
        shared.tracker().flush();

        JsonObject replacement = shared.stored().onlySession(ip);
        assertThat(shared.stored().events(replacement)).extracting(e -> e.getString("path")).containsExactly("/after");
        assertThat(replacement.getString("exitPath")).isEqualTo("/after");
    }

    @Test
    void fiftyConcurrentFirstEventsCreateOneVisitorAndOneSession() throws Exception {
        String ip = newIp();
        ExecutorService requests = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 50; i++) {
            String path = "/burst/" + i;
            requests.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                shared.tracker().track(browser(ip), pageView(path).build());
            });
        }
        start.countDown();
        requests.shutdown();
        assertThat(requests.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        shared.tracker().flush();

        assertThat(shared.stored().visitors(ip)).hasSize(1);
        assertThat(shared.stored().events(shared.stored().onlySession(ip))).hasSize(50);
    }

    @Test
    void privacySignalsChangeNothingUnlessTheTrackerIsToldToRespectThem() {
        String ip = newIp();

        assertThat(shared.tracker().track(browser(ip, TrackerHarness.CHROME, Map.of("sec-gpc", "1", "dnt", "1")),
                pageView("/").build())).isTrue();
        shared.tracker().flush();

        assertThat(shared.stored().events(ip)).hasSize(1);
    }

    @Test
    void storesTheRawIpOnlyWhenTheWebsiteAsksForIt() {
        String ip = newIp();
        withRawIpStored(() -> {
            shared.tracker().track(browser(ip), pageView("/").build());
            shared.tracker().flush();
            assertThat(shared.stored().onlySession(ip).getString("ipAddress")).isEqualTo(ip);
        });
    }

    @Test
    void storedRawIpIsAlwaysACanonicalAddressLiteral() {
        String group = Integer.toHexString(NEXT_IP.getAndIncrement());
        RequestInfo forged = browser("198.51.100.1' || 1=1 <script>");
        withRawIpStored(() -> {
            shared.tracker().track(browser("2001:DB8:0:0:0:0:0:" + group), pageView("/").build());
            shared.tracker().track(forged, pageView("/").build());
            shared.tracker().flush();

            assertThat(shared.stored().onlySession("2001:db8::" + group).getString("ipAddress"))
                    .isEqualTo("2001:db8::" + group);
            List<JsonObject> forgedVisitor = shared.pocketBase().admin().list("visitors", "visitorId = '"
                    + VisitorId.of(shared.pocketBase().trackingId(), Optional.empty(), forged.userAgent()) + "'");
            assertThat(shared.pocketBase().admin().list("sessions", "visitor = '"
                    + forgedVisitor.get(0).getString("id") + "'"))
                    .extracting(session -> session.getString("ipAddress")).containsOnly("");
        });
    }

    private static void withRawIpStored(Runnable test) {
        shared.pocketBase().setWebsiteSetting("storeRawIp", true);
        try {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> shared.tracker().core().website().orElseThrow().storeRawIp());
            test.run();
        } finally {
            shared.pocketBase().setWebsiteSetting("storeRawIp", false);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !shared.tracker().core().website().orElseThrow().storeRawIp());
        }
    }

    @Test
    void jsErrorsAreMergedByHashAndCountedUpOnTheStoredRecord() {
        String ip = newIp();
        JsonObject error = pageView("/app").add("type", "jsError")
                .add("errorMessage", "TypeError: x is undefined " + ip)
                .add("stackTrace", "TypeError: x is undefined\n    at render (app.js:10:5)\n    at main (app.js:1:1)")
                .build();
        assertThat(shared.tracker().track(browser(ip), error)).isTrue();
        assertThat(shared.tracker().track(browser(ip), error)).isTrue();
        shared.tracker().flush();
        assertThat(shared.tracker().track(browser(ip), error)).isTrue();
        shared.tracker().flush();

        List<JsonObject> errors = shared.stored().jsErrors().stream()
                .filter(e -> e.getString("errorMessage").endsWith(ip)).toList();
        assertThat(errors).hasSize(1);
        JsonObject storedError = errors.get(0);
        assertThat(storedError.getInt("count")).isEqualTo(3);
        assertThat(storedError.getString("errorHash")).isEqualTo(Sha256.hex(
                "TypeError: x is undefined " + ip + "\n    at render (app.js:10:5)"));
        assertThat(storedError.getString("url")).isEqualTo("https://example.com/app");
        assertThat(storedError.getString("website")).isEqualTo(shared.pocketBase().websiteId());
        assertThat(storedError.getString("session")).isEqualTo(shared.stored().onlySession(ip).getString("id"));
        assertThat(storedError.getString("lastSeen")).isNotEmpty();
    }

    @Test
    void jsErrorStackTraceIsStoredUpTo2048Characters() {
        String ip = newIp();
        shared.tracker().track(browser(ip), pageView("/").add("type", "jsError").add("errorMessage", "long " + ip)
                .add("stackTrace", "s".repeat(5000)).build());
        shared.tracker().flush();

        assertThat(shared.stored().jsErrors().stream().filter(e -> e.getString("errorMessage").equals("long " + ip))
                .findFirst().orElseThrow().getString("stackTrace")).hasSize(2048);
    }

    @Test
    void serverEventDuringARequestBelongsToThatVisitor() {
        String ip = newIp();
        shared.tracker().trackServerEvent(Optional.of(browser(ip)), "user_signup", Map.of("plan", "free"));
        shared.tracker().flush();

        JsonObject event = shared.stored().events(ip).get(0);
        assertThat(event.getString("eventName")).isEqualTo("user_signup");
        assertThat(event.getString("path")).isEqualTo("/api/event");
        assertThat(event.getJsonObject("eventData").getString("plan")).isEqualTo("free");
    }

    @Test
    void serverEventWithoutARequestBelongsToTheServerVisitor() {
        shared.tracker().trackServerEvent(Optional.empty(), "nightly_report", Map.of());
        shared.tracker().flush();

        String serverVisitor = Sha256.hex(shared.pocketBase().trackingId() + "-unknown-unknown");
        List<JsonObject> visitors = shared.pocketBase().admin().list("visitors", "visitorId = '" + serverVisitor + "'");
        assertThat(visitors).hasSize(1);
        List<JsonObject> sessions = shared.pocketBase().admin().list("sessions",
                "visitor = '" + visitors.get(0).getString("id") + "'");
        assertThat(sessions.stream().flatMap(s -> shared.stored().events(s).stream()))
                .anySatisfy(e -> assertThat(e.getString("eventName")).isEqualTo("nightly_report"));
    }

    /**
     * Where the visitors collection has an email field (dashboards before 0.38, PocketBase 0.22) it is written;
     * today's dashboard has none, which the tracker says once and leaves the address out.
     */
    @Test
    void identifyWritesTheAccountOnTheVisitor() {
        String ip = newIp();
        boolean hasEmail = shared.pocketBase().admin().fieldNames("visitors").contains("email");
        try (LogCapture log = LogCapture.of(Records.class)) {
            shared.tracker().track(browser(ip), pageView("/login").build());
            shared.tracker().pipeline().identify(Optional.of(browser(ip)), "user-42", Map.of("name", "Ada", "email",
                    "Ada@Example.COM", "phone", "+44 20 7946 0000", "metadata", Map.of("tier", "gold")));
            shared.tracker().flush();

            JsonObject visitor = shared.stored().visitors(ip).get(0);
            assertThat(visitor.getString("userId")).isEqualTo("user-42");
            assertThat(visitor.getString("name")).isEqualTo("Ada");
            assertThat(visitor.getString("phone")).isEqualTo("+44 20 7946 0000");
            assertThat(visitor.getJsonObject("metadata").getString("tier")).isEqualTo("gold");
            if (hasEmail) {
                assertThat(visitor.getString("email")).isEqualTo("ada@example.com");
            } else {
                assertThat(visitor).doesNotContainKey("email");
                assertThat(log.messages(Level.INFO)).singleElement().asString().contains("no email field");
            }
        }
    }

    @Test
    void identifyCreatesTheVisitorWhenNeeded() {
        String ip = newIp();
        shared.tracker().pipeline().identify(Optional.of(browser(ip)), "user-7", Map.of());
        shared.tracker().flush();

        assertThat(shared.stored().visitors(ip)).singleElement()
                .satisfies(visitor -> assertThat(visitor.getString("userId")).isEqualTo("user-7"));
    }

    @Test
    void invalidIdentifyIsRefusedWholeAndWritesNothing() {
        String ip = newIp();
        assertThatThrownBy(() -> shared.tracker().pipeline().identify(Optional.of(browser(ip)), "user-1",
                Map.of("name", "Ada", "email", "not-an-email"))).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("email");
        assertThatThrownBy(() -> shared.tracker().pipeline().identify(Optional.of(browser(ip)), "", Map.of()))
                .hasMessageContaining("userId");
        assertThatThrownBy(() -> shared.tracker().pipeline().identify(Optional.of(browser(ip)), "u",
                Map.of("phone", "1".repeat(51)))).hasMessageContaining("phone");
        // refused at the call as in custom event data, not by PocketBase once accepted
        assertThatThrownBy(() -> shared.tracker().pipeline().identify(Optional.of(browser(ip)), "u",
                Map.of("metadata", Map.of("plan", Map.of("seats", new BigDecimal("1e400"))))))
                .hasMessageContaining("metadata numbers");
        shared.tracker().flush();

        assertThat(shared.stored().visitors(ip)).isEmpty();
    }

    @Test
    void serverEventWithInvalidNameIsRefused() {
        assertThatThrownBy(() -> shared.tracker().trackServerEvent(Optional.empty(), "", Map.of()))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> shared.tracker().trackServerEvent(Optional.empty(), "x",
                Map.of("__proto__", Map.of("a", 1)))).isInstanceOf(InvalidEventException.class);
    }
}
