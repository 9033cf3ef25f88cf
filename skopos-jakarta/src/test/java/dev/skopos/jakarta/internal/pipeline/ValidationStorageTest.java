package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.function.UnaryOperator;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payload rules one by one, as they land in PocketBase: the accepted edge value is stored as the rule
 * says, and the first value past it leaves no record at all. ({@link PayloadValidatorTest} covers each rule
 * in more detail without PocketBase.)
 */
class ValidationStorageTest {
    private static final String PAGE = "https://example.com/page";
    @RegisterExtension
    static final SharedTracker shared = new SharedTracker(PocketBaseServer.builder());


    private static JsonObjectBuilder event(String type) {
        return Json.createObjectBuilder().add("type", type).add("url", PAGE);
    }

    /** Sends the payload from a fresh visitor and returns that visitor's IP once everything is written. */
    private static String send(JsonObject payload) {
        String ip = newIp();
        shared.tracker().track(browser(ip), payload);
        shared.tracker().flush();
        return ip;
    }

    private static JsonObject storedEvent(JsonObject payload) {
        List<JsonObject> events = shared.stored().events(send(payload));
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private static JsonObject storedSession(JsonObject payload) {
        return shared.stored().onlySession(send(payload));
    }

    private static JsonObject storedJsError(UnaryOperator<JsonObjectBuilder> error) {
        String marker = "marker " + newIp();
        send(error.apply(event("jsError").add("errorMessage", marker)).build());
        return shared.stored().jsErrors().stream().filter(e -> e.getString("errorMessage").startsWith(marker))
                .findFirst().orElseThrow();
    }

    /** A refused payload creates no visitor, hence no session, event or JS error (those all need one). */
    private static void storesNothing(JsonObject payload) {
        String ip = send(payload);
        assertThat(shared.stored().visitors(ip)).as("records for %s", payload).isEmpty();
    }

    @Test
    void type() {
        assertThat(storedEvent(event("pageView").build()).getString("type")).isEqualTo("pageView");
        storesNothing(event("pageview").build());
        storesNothing(Json.createObjectBuilder().add("url", PAGE).build());
    }

    @Test
    void customEventName() {
        assertThat(storedEvent(event("custom").add("name", " \u0007" + "n".repeat(255 - 2)).build())
                .getString("eventName")).isEqualTo("n".repeat(100));
        storesNothing(event("custom").add("name", "n".repeat(256)).build());
        storesNothing(event("custom").add("name", "").build());
        storesNothing(event("custom").build());
    }

    @Test
    void url() {
        String longest = "https://example.com/" + "u".repeat(4096 - 20);
        assertThat(storedEvent(event("pageView").add("url", longest).build()).getString("path"))
                .hasSize(2048);
        assertThat(storedJsError(e -> e.add("url", longest)).getString("url")).hasSize(2048);
        storesNothing(event("pageView").add("url", longest + "u").build());
        storesNothing(event("pageView").add("url", "ftp://example.com/").build());
        storesNothing(Json.createObjectBuilder().add("type", "pageView").build());
    }

    @Test
    void referrer() {
        String longest = "https://ref.example/" + "r".repeat(4096 - 20);
        assertThat(storedSession(event("pageView").add("referrer", longest).build()).getString("referrer"))
                .hasSize(2048);
        assertThat(storedSession(event("pageView").add("referrer", "").build()).getString("referrer")).isEmpty();
        storesNothing(event("pageView").add("referrer", longest + "r").build());
    }

    @Test
    void screenSize() {
        JsonObject session = storedSession(event("pageView").add("screenWidth", 10_000.9)
                .add("screenHeight", -3).build());
        assertThat(session.getString("screenWidth")).isEqualTo("10000");
        assertThat(session.getString("screenHeight")).isEqualTo("0");
        assertThat(storedSession(event("pageView").add("screenWidth", 123_456).build()).getString("screenWidth"))
                .isEqualTo("10000");
        storesNothing(event("pageView").add("screenWidth", "wide").build());
    }

    @Test
    void language() {
        assertThat(storedSession(event("pageView").add("language", "\u0000 " + "l".repeat(98)).build())
                .getString("language")).isEqualTo("l".repeat(35));
        storesNothing(event("pageView").add("language", "l".repeat(101)).build());
    }

    @Test
    void customData() {
        JsonObject largest = Json.createObjectBuilder().add("k", "v".repeat(8192 - 8)).build();
        assertThat(storedEvent(event("custom").add("name", "n").add("customData", largest).build())
                .getJsonObject("eventData")).isEqualTo(largest);
        storesNothing(event("custom").add("name", "n").add("customData",
                Json.createObjectBuilder().add("k", "v".repeat(8192 - 7))).build());
        storesNothing(event("custom").add("name", "n").add("customData", Json.createArrayBuilder()).build());
        storesNothing(event("custom").add("name", "n").addNull("customData").build());
        storesNothing(event("custom").add("name", "n").add("customData", Json.createObjectBuilder()
                .add("a", Json.createArrayBuilder().add(Json.createObjectBuilder().add("PROTOTYPE", 1)))).build());
    }

    @Test
    void errorMessage() {
        String marker = "m" + newIp();
        send(event("jsError").add("errorMessage", marker + "\u0001\t" + "e".repeat(1024 - marker.length() - 2))
                .build());
        assertThat(shared.stored().jsErrors()).filteredOn(e -> e.getString("errorMessage").startsWith(marker))
                .singleElement().satisfies(e -> assertThat(e.getString("errorMessage"))
                        .hasSize(512).startsWith(marker + "\t"));
        storesNothing(event("jsError").add("errorMessage", "e".repeat(1025)).build());
        storesNothing(event("jsError").add("errorMessage", "").build());
    }

    @Test
    void stackTrace() {
        assertThat(storedJsError(e -> e.add("stackTrace", "s".repeat(16384))).getString("stackTrace"))
                .hasSize(2048);
        storesNothing(event("jsError").add("errorMessage", "too long stack").add("stackTrace", "s".repeat(16385))
                .build());
    }
}
