package dev.skopos.it;

import dev.skopos.it.HostilePayloads.Payload;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static dev.skopos.it.ItPocketBase.pocketBase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 10 000 generated bodies (see {@link HostilePayloads}) through the endpoint of a real server: none gets a
 * 5xx, nothing stored breaks a payload rule, and every well-formed event mixed in is stored. Runs on Open
 * Liberty only: what it exercises is the library's parsing and validation, the same code on every server,
 * and the other servers' HTTP and JAX-RS layers are covered by {@link EventEndpointIT}. The site's ceiling
 * is off: eight threads send from a hundred new clients as fast as the server takes them, and what a ceiling
 * would hold back is not what this test is about.
 */
@Tag("generated-input")
@ExtendWith({ItPocketBase.class, ArquillianExtension.class})
class GeneratedPayloadIT {
    private static final int PAYLOADS = 10_000;
    /** Clients the payloads come from, so that none reaches the rate limit. */
    private static final int CLIENTS = 100;
    private static final int SENDERS = 8;
    private static final int MAX_KEPT_URL = 2048;
    private static final Set<String> FORBIDDEN_KEYS = Set.of("__proto__", "constructor", "prototype");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ItEnvironment.war().addAsResource(new StringAsset("config_ordinal=500\nskopos.site-rate-limit=0\n"),
                "META-INF/microprofile-config.properties");
    }

    @Test
    void generatedPayloadsNeverFailTheServerNorStoreAnythingInvalid() throws Exception {
        List<Payload> payloads = HostilePayloads.payloads().sampleStream().limit(PAYLOADS).toList();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        URI endpoint = ItEnvironment.application().resolve("api/event");
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Callable<Void>> posts = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            Payload payload = payloads.get(i);
            Browser client = new Browser("10.9." + (i % CLIENTS / 250) + "." + (i % CLIENTS % 250 + 1));
            String contentType = i % 3 == 0 ? "text/plain;charset=UTF-8" : "application/json";
            posts.add(() -> {
                int status = client.post(endpoint, contentType, payload.body()).statusCode();
                statuses.merge(status, 1, Integer::sum);
                assertThat(status).as("status for %s", payload.text()).isIn(204, 400, 413);
                return null;
            });
        }
        try {
            for (Future<Void> post : senders.invokeAll(posts)) {
                post.get();
            }
        } finally {
            senders.shutdownNow();
        }

        Set<String> wellFormed = payloads.stream().filter(Payload::wellFormed).map(Payload::wellFormedPath)
                .collect(Collectors.toSet());
        assertThat(wellFormed).hasSizeGreaterThan(PAYLOADS / 30);
        assertThat(statuses).containsKeys(204, 400, 413);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(pocketBase().admin().listAll("events").stream().map(e -> e.getString("path"))
                        .collect(Collectors.toSet())).containsAll(wellFormed));
        pocketBase().admin().listAll("events").forEach(GeneratedPayloadIT::assertValidEvent);
        pocketBase().admin().listAll("sessions").forEach(GeneratedPayloadIT::assertValidSession);
        pocketBase().admin().listAll("js_errors").forEach(GeneratedPayloadIT::assertValidJsError);
    }

    private static void assertValidEvent(JsonObject event) {
        assertThat(event.getString("type")).isIn("pageView", "custom");
        assertKeptText(event.getString("path"), MAX_KEPT_URL);
        assertThat(event.getString("path")).startsWith("/");
        String name = event.getString("eventName");
        assertKeptText(name, 100);
        assertThat(name.isBlank()).isEqualTo(event.getString("type").equals("pageView"));
        JsonValue data = event.get("eventData");
        if (data != null && data != JsonValue.NULL && !data.toString().equals("\"\"")) {
            assertThat(data.getValueType()).isEqualTo(JsonValue.ValueType.OBJECT);
            assertThat(data.toString().length()).isLessThanOrEqualTo(8192 + 1024); // PocketBase may re-escape
            assertNoForbiddenKeys(data);
        }
    }

    private static void assertValidSession(JsonObject session) {
        assertKeptText(session.getString("language"), 35);
        assertKeptText(session.getString("entryPath"), MAX_KEPT_URL);
        assertKeptText(session.getString("exitPath"), MAX_KEPT_URL);
        assertKeptText(session.getString("referrer"), MAX_KEPT_URL);
        for (String field : List.of("screenWidth", "screenHeight")) {
            String size = session.getString(field);
            if (!size.isEmpty()) {
                assertThat(Integer.parseInt(size)).isBetween(0, 10_000);
            }
        }
    }

    private static void assertValidJsError(JsonObject error) {
        assertKeptText(error.getString("errorMessage").replaceAll("[\t\n\r]", " "), 512);
        assertKeptText(error.getString("stackTrace").replaceAll("[\t\n\r]", " "), 4096);
        assertKeptText(error.getString("url"), MAX_KEPT_URL);
    }

    /** Text within its stored length and free of control characters. */
    private static void assertKeptText(String text, int maxLength) {
        assertThat(text.length()).as("length of %s", text).isLessThanOrEqualTo(maxLength);
        assertThat(text.chars().noneMatch(Character::isISOControl)).as("no control characters in %s", text)
                .isTrue();
    }

    private static void assertNoForbiddenKeys(JsonValue value) {
        if (value instanceof JsonObject object) {
            object.forEach((key, member) -> {
                assertThat(FORBIDDEN_KEYS).doesNotContain(key.toLowerCase(Locale.ROOT));
                assertNoForbiddenKeys(member);
            });
        } else if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            value.asJsonArray().forEach(GeneratedPayloadIT::assertNoForbiddenKeys);
        }
    }
}
