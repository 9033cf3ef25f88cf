package dev.skopos.jakarta.internal.intake;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.skopos.jakarta.InvalidEventException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided: payloads built field by field from the fuzzer's bytes, each field present or not, of the
 * right JSON type or not. The validator either refuses one with {@link InvalidEventException} or returns an
 * event inside every stored bound; nothing else may come out of it. Its corpus lives beside it in the test
 * resources; the build's {@code fuzz} execution runs it for a bounded time.
 */
class PayloadValidatorFuzzTest {
    private static final List<String> TYPES = List.of("pageView", "custom", "jsError");
    private static final List<String> FIELDS = List.of("url", "name", "referrer", "language", "errorMessage",
            "stackTrace", "screenWidth", "screenHeight", "customData");
    private static final Set<String> FORBIDDEN_KEYS = Set.of("__proto__", "constructor", "prototype");
    private final PayloadValidator validator = new PayloadValidator();

    @FuzzTest(maxDuration = "10s")
    void validatedPayloadsStayInsideTheirBoundsAndRefusalsAreInvalidEvents(FuzzedDataProvider data) {
        JsonObject payload = payload(data);
        TrackedEvent event;
        try {
            event = validator.validate(payload);
        } catch (InvalidEventException refused) {
            return;
        }
        assertThat(event.url().length()).isLessThanOrEqualTo(PayloadValidator.MAX_URL_KEPT);
        assertThat(event.path()).startsWith("/").hasSizeLessThanOrEqualTo(PayloadValidator.MAX_URL_KEPT);
        assertThat(event.host()).isEqualTo(event.host().toLowerCase(Locale.ROOT)).doesNotEndWith(".");
        assertThat(event.referrer().length()).isLessThanOrEqualTo(PayloadValidator.MAX_URL_KEPT);
        assertKept(event.name(), PayloadValidator.MAX_NAME_KEPT);
        event.language().ifPresent(language -> assertKept(language, PayloadValidator.MAX_LANGUAGE_KEPT));
        assertKept(event.errorMessage().replaceAll("[\t\n\r]", " "), PayloadValidator.MAX_ERROR_MESSAGE_KEPT);
        assertKept(event.stackTrace().replaceAll("[\t\n\r]", " "), PayloadValidator.MAX_STACK_KEPT);
        event.screenWidth().ifPresent(width -> assertThat(width).isBetween(0, PayloadValidator.MAX_SCREEN));
        event.screenHeight().ifPresent(height -> assertThat(height).isBetween(0, PayloadValidator.MAX_SCREEN));
        event.customData().ifPresent(custom -> {
            assertThat(custom.toString().length()).isLessThanOrEqualTo(PayloadValidator.MAX_CUSTOM_DATA);
            assertNoForbiddenKeys(custom);
        });
    }

    private static JsonObject payload(FuzzedDataProvider data) {
        JsonObjectBuilder payload = Json.createObjectBuilder();
        if (data.consumeBoolean()) {
            payload.add("type", data.consumeBoolean() ? data.pickValue(TYPES) : data.consumeString(20));
        }
        for (String field : FIELDS) {
            switch (data.consumeInt(0, 4)) {
                case 0 -> { }
                case 1 -> payload.add(field, data.consumeString(5_000));
                case 2 -> payload.add(field, data.consumeRegularDouble());
                case 3 -> payload.add(field, "https://" + data.consumeString(200) + "/" + data.consumeString(300));
                default -> json(data.consumeString(2_000)).ifPresent(value -> payload.add(field, value));
            }
        }
        return payload.build();
    }

    private static Optional<JsonValue> json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return Optional.of(reader.readValue());
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
    }

    private static void assertKept(String text, int maxLength) {
        assertThat(text.length()).isLessThanOrEqualTo(maxLength);
        assertThat(text.chars().noneMatch(Character::isISOControl)).as("no control characters in %s", text).isTrue();
    }

    private static void assertNoForbiddenKeys(JsonValue value) {
        if (value instanceof JsonObject object) {
            object.forEach((key, member) -> {
                assertThat(FORBIDDEN_KEYS).doesNotContain(key.toLowerCase(Locale.ROOT));
                assertNoForbiddenKeys(member);
            });
        } else if (value instanceof JsonArray array) {
            array.forEach(PayloadValidatorFuzzTest::assertNoForbiddenKeys);
        }
    }
}
