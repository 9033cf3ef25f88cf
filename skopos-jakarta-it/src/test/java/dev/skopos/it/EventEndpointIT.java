package dev.skopos.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.skopos.it.ItPocketBase.pocketBase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The browser endpoint on each server, down to the records in PocketBase. */
@ExtendWith({ItPocketBase.class, ArquillianExtension.class})
class EventEndpointIT {
    private static final AtomicInteger NEXT_IP = new AtomicInteger(1);
    private static final Duration SESSION_TIMEOUT = Duration.ofMillis(4000);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ItEnvironment.war();
    }

    private URI endpoint() {
        return ItEnvironment.application().resolve("api/event");
    }

    private static Browser newBrowser() {
        return new Browser("192.0.2." + NEXT_IP.getAndIncrement());
    }

    private static String pageView(String path) {
        return "{\"type\":\"pageView\",\"url\":\"https://example.com" + path + "\"}";
    }

    private HttpResponse<String> send(Browser browser, String json) throws Exception {
        return browser.post(endpoint(), "application/json", json);
    }

    static List<JsonObject> sessionsOf(Browser browser) {
        List<JsonObject> visitors = pocketBase().admin().list("visitors", "visitorId = '" + browser.visitorId() + "'");
        return visitors.isEmpty() ? List.of()
                : pocketBase().admin().list("sessions", "visitor = '" + visitors.get(0).getString("id") + "'");
    }

    private static List<JsonObject> eventsOf(JsonObject session) {
        return pocketBase().admin().list("events", "session = '" + session.getString("id") + "'");
    }

    @Test
    void pageViewsAreStoredAndTheSecondMovesTheSessionExitPath() throws Exception {
        Browser browser = newBrowser();

        assertThat(send(browser, pageView("/home")).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> sessionsOf(browser).size() == 1);
        JsonObject session = sessionsOf(browser).get(0);
        assertThat(session.getString("browser")).isEqualTo("Chrome");
        assertThat(session.getString("os")).isEqualTo("Windows");
        assertThat(session.getString("device")).isEqualTo("desktop");
        assertThat(session.getString("entryPath")).isEqualTo("/home");
        assertThat(session.getBoolean("isNewVisitor")).isTrue();

        assertThat(send(browser, pageView("/docs")).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(sessionsOf(browser)).singleElement()
                    .satisfies(s -> assertThat(s.getString("exitPath")).isEqualTo("/docs"));
            assertThat(eventsOf(session)).extracting(e -> e.getString("path")).containsExactly("/home", "/docs");
        });
    }

    @Test
    void sendBeaconTextPlainBodiesAreAccepted() throws Exception {
        Browser browser = newBrowser();

        assertThat(browser.post(endpoint(), "text/plain;charset=UTF-8", pageView("/beacon")).statusCode())
                .isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).until(() -> sessionsOf(browser).size() == 1);
    }

    @Test
    void customEventKeepsItsNameAndData() throws Exception {
        Browser browser = newBrowser();

        send(browser, "{\"type\":\"custom\",\"name\":\"add_to_cart\",\"url\":\"https://example.com/shop\","
                + "\"customData\":{\"sku\":\"A-1\",\"qty\":2}}");

        // until the records are there, the lists are empty and reading their first element throws
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            JsonObject event = eventsOf(sessionsOf(browser).get(0)).get(0);
            assertThat(event.getString("type")).isEqualTo("custom");
            assertThat(event.getString("eventName")).isEqualTo("add_to_cart");
            assertThat(event.getJsonObject("eventData").getString("sku")).isEqualTo("A-1");
            assertThat(event.getJsonObject("eventData").getInt("qty")).isEqualTo(2);
        });
    }

    @Test
    void jsErrorIsStoredWithItsSession() throws Exception {
        Browser browser = newBrowser();
        String message = "ReferenceError: missing is not defined " + browser.visitorId();

        send(browser, "{\"type\":\"jsError\",\"url\":\"https://example.com/app\",\"errorMessage\":\"" + message
                + "\",\"stackTrace\":\"ReferenceError\\n    at app.js:3:7\"}");

        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
            List<JsonObject> errors = pocketBase().admin().list("js_errors", "errorMessage = '" + message + "'");
            assertThat(errors).singleElement().satisfies(error -> {
                assertThat(error.getInt("count")).isEqualTo(1);
                assertThat(error.getString("url")).isEqualTo("https://example.com/app");
                assertThat(error.getString("session")).isEqualTo(sessionsOf(browser).get(0).getString("id"));
            });
        });
    }

    @Test
    void sessionTimeoutStartsANewSessionForTheReturningVisitor() throws Exception {
        Browser browser = newBrowser();
        send(browser, pageView("/first"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sessionsOf(browser).size() == 1);

        await().pollDelay(SESSION_TIMEOUT.plusMillis(500)).until(() -> true);
        send(browser, pageView("/later"));

        await().atMost(Duration.ofSeconds(10)).until(() -> sessionsOf(browser).size() == 2);
        JsonObject second = sessionsOf(browser).get(1);
        assertThat(second.getBoolean("isNewVisitor")).isFalse();
        assertThat(second.getString("entryPath")).isEqualTo("/later");
    }

    @Test
    void fiftyConcurrentFirstEventsOfOneVisitorMakeOneVisitorAndOneSession() throws Exception {
        Browser browser = newBrowser();
        ExecutorService senders = Executors.newFixedThreadPool(50);
        List<Callable<Integer>> posts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String path = "/burst/" + i;
            posts.add(() -> send(browser, pageView(path)).statusCode());
        }
        for (Future<Integer> status : senders.invokeAll(posts)) {
            assertThat(status.get()).isEqualTo(204);
        }
        senders.shutdown();

        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
            assertThat(pocketBase().admin().list("visitors", "visitorId = '" + browser.visitorId() + "'")).hasSize(1);
            assertThat(sessionsOf(browser)).hasSize(1);
            assertThat(eventsOf(sessionsOf(browser).get(0))).hasSize(50);
        });
    }

    @Test
    void behindTheTrustedProxyTheClientIsTheRightmostUntrustedAddressNotAForgedPrefix() throws Exception {
        Browser real = newBrowser();
        Browser forging = new Browser("203.0.113.66, unknown, " + real.ip() + ", 127.0.0.1");

        assertThat(send(forging, pageView("/forged")).statusCode()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).until(() -> sessionsOf(real).size() == 1);
        assertThat(pocketBase().admin().list("visitors", "visitorId = '"
                + Browser.visitorId("203.0.113.66", Browser.CHROME) + "'")).isEmpty();
    }

    @Test
    void malformedBodiesAreRefusedAndInvalidEventsDroppedQuietly() throws Exception {
        Browser browser = newBrowser();

        assertThat(send(browser, "not json").statusCode()).isEqualTo(400);
        assertThat(send(browser, "[1,2]").statusCode()).isEqualTo(400);
        assertThat(send(browser, "{\"type\":\"custom\",\"customData\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
                .statusCode()).as("nesting that overflows a recursive parser").isEqualTo(400);
        assertThat(send(browser, "{\"type\":\"x\"," + "\"pad\":\"" + "p".repeat(40_000) + "\"}").statusCode())
                .isEqualTo(413);
        HttpResponse<String> invalid = send(browser, "{\"type\":\"hack\",\"url\":\"https://example.com/\"}");
        assertThat(invalid.statusCode()).isEqualTo(204);
        assertThat(invalid.body()).isEmpty();

        assertThat(send(browser, pageView("/valid-after-invalid")).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                assertThat(eventsOf(sessionsOf(browser).get(0))).extracting(e -> e.getString("path"))
                        .containsExactly("/valid-after-invalid"));
    }
}
