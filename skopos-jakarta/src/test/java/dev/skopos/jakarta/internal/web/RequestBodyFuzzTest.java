package dev.skopos.jakarta.internal.web;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.Optional;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided: request bodies of any text through the endpoint's nesting scan and parse. Reading a body
 * never fails with anything but "no JSON object here", and what it reads nests no deeper than the limit. At a
 * small limit, where the fuzzer reaches it, the scan never finds a body shallower than the parser then
 * descends (it may find one deeper: the parser stops at the end of the first value, the scan reads on).
 */
class RequestBodyFuzzTest {
    private static final int SMALL_LIMIT = 8;

    @FuzzTest(maxDuration = "10s")
    void bodiesAreReadOrRefusedAndNeverNestDeeperThanTheScanSays(FuzzedDataProvider data) {
        String body = data.consumeRemainingAsString();

        Optional<JsonObject> payload = EventEndpoint.payloadOf(body);

        payload.ifPresent(object -> assertThat(depth(object)).isLessThanOrEqualTo(EventEndpoint.MAX_NESTING));
        parsedDepth(body).filter(depth -> depth > SMALL_LIMIT).ifPresent(depth ->
                assertThat(JsonNesting.deeperThan(body, SMALL_LIMIT)).as("deeper than %d: %s", SMALL_LIMIT, body)
                        .isTrue());
    }

    private static Optional<Integer> parsedDepth(String body) {
        try (JsonReader reader = JSON.createReader(new StringReader(body))) {
            return Optional.of(depth(reader.readValue()));
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
    }

    private static int depth(JsonValue value) {
        if (value instanceof JsonObject object) {
            return 1 + object.values().stream().mapToInt(RequestBodyFuzzTest::depth).max().orElse(0);
        }
        if (value instanceof JsonArray array) {
            return 1 + array.stream().mapToInt(RequestBodyFuzzTest::depth).max().orElse(0);
        }
        return 0;
    }
}
