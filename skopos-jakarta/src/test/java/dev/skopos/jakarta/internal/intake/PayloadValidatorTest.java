package dev.skopos.jakarta.internal.intake;

import dev.skopos.jakarta.InvalidEventException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The payload rules one by one: the accepted edges and the first value past each. */
class PayloadValidatorTest {
    private static final String URL = "https://shop.example/products/1?ref=x";
    private final PayloadValidator validator = new PayloadValidator();

    static JsonObjectBuilder pageView() {
        return Json.createObjectBuilder().add("type", "pageView").add("url", URL);
    }

    static JsonObjectBuilder custom(String name) {
        return Json.createObjectBuilder().add("type", "custom").add("url", URL).add("name", name);
    }

    static JsonObjectBuilder jsError(String message) {
        return Json.createObjectBuilder().add("type", "jsError").add("url", URL).add("errorMessage", message);
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private TrackedEvent valid(JsonObjectBuilder payload) {
        return validator.validate(payload.build());
    }

    private void rejected(JsonObjectBuilder payload, String reason) {
        assertThatThrownBy(() -> validator.validate(payload.build()))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining(reason);
    }

    @Nested
    class Type {
        @Test
        void acceptsTheThreeTypes() {
            assertThat(valid(pageView()).type()).isEqualTo(EventType.PAGE_VIEW);
            assertThat(valid(custom("signup")).type()).isEqualTo(EventType.CUSTOM);
            assertThat(valid(jsError("boom")).type()).isEqualTo(EventType.JS_ERROR);
        }

        @ParameterizedTest
        @ValueSource(strings = {"pageview", "PageView", "click", ""})
        void rejectsAnyOtherType(String type) {
            rejected(pageView().add("type", type), "type");
        }

        @Test
        void rejectsMissingOrNonStringType() {
            rejected(Json.createObjectBuilder().add("url", URL), "type");
            rejected(pageView().add("type", 1), "type");
        }
    }

    @Nested
    class Name {
        @Test
        void isRequiredForCustomEvents() {
            rejected(pageView().add("type", "custom"), "name");
        }

        @Test
        void stripsControlCharactersAndTrims() {
            assertThat(valid(custom("  sign\u0000up\u0007 ")).name()).isEqualTo("signup");
        }

        @Test
        void keepsOneHundredCharactersOfUpTo255() {
            assertThat(valid(custom("n".repeat(255))).name()).hasSize(100);
            assertThat(valid(custom("n".repeat(100))).name()).hasSize(100);
        }

        @Test
        void rejectsEmptyAndLongerThan255() {
            rejected(custom(""), "name");
            rejected(custom("n".repeat(256)), "name");
            rejected(custom(" \u0001 "), "name");
        }

        @Test
        void jsErrorsAreNamedJsError() {
            assertThat(valid(jsError("boom").add("name", "ignored")).name()).isEqualTo("jsError");
        }
    }

    @Nested
    class Url {
        @Test
        void isRequiredAndAbsoluteHttp() {
            rejected(Json.createObjectBuilder().add("type", "pageView"), "url");
            rejected(pageView().add("url", "/relative/path"), "url");
            rejected(pageView().add("url", "ftp://shop.example/file"), "url");
            rejected(pageView().add("url", "javascript:alert(1)"), "url");
            rejected(pageView().add("url", 42), "url");
        }

        @Test
        void acceptsHttpAndHttpsAndKeepsThePath() {
            assertThat(valid(pageView().add("url", "http://shop.example")).path()).isEqualTo("/");
            assertThat(valid(pageView()).path()).isEqualTo("/products/1");
        }

        @Test
        void accepts4096AndStores2048() {
            String longUrl = "https://shop.example/" + "p".repeat(4096 - 21);
            assertThat(longUrl).hasSize(4096);
            assertThat(valid(pageView().add("url", longUrl)).url()).hasSize(2048);
            rejected(pageView().add("url", longUrl + "p"), "url");
        }
    }

    @Nested
    class Referrer {
        @Test
        void isOptionalAndMayBeEmpty() {
            assertThat(valid(pageView()).referrer()).isEmpty();
            assertThat(valid(pageView().add("referrer", "")).referrer()).isEmpty();
            assertThat(valid(pageView().addNull("referrer")).referrer()).isEmpty();
        }

        @Test
        void normalisesHttpUrls() {
            assertThat(valid(pageView().add("referrer", "https://search.example/a/../b?q=1")).referrer())
                    .isEqualTo("https://search.example/b?q=1");
        }

        @Test
        void accepts4096AndStores2048() {
            String longReferrer = "https://ref.example/" + "r".repeat(4096 - 20);
            assertThat(valid(pageView().add("referrer", longReferrer)).referrer()).hasSize(2048);
            rejected(pageView().add("referrer", longReferrer + "r"), "referrer");
        }

        @Test
        void mustBeAString() {
            rejected(pageView().add("referrer", 1), "referrer");
        }
    }

    @Nested
    class ScreenSize {
        @Test
        void floorsAndClampsToZeroToTenThousand() {
            TrackedEvent event = valid(pageView().add("screenWidth", 1920.9).add("screenHeight", -5));
            assertThat(event.screenWidth()).contains(1920);
            assertThat(event.screenHeight()).contains(0);
            assertThat(valid(pageView().add("screenWidth", 10_001)).screenWidth()).contains(10_000);
            assertThat(valid(pageView().add("screenWidth", 10_000)).screenWidth()).contains(10_000);
        }

        @Test
        void isOptional() {
            assertThat(valid(pageView()).screenWidth()).isEmpty();
        }

        @Test
        void rejectsNonNumbersAndNonFinite() {
            rejected(pageView().add("screenWidth", "1920"), "screenWidth");
            assertThatThrownBy(() -> validator.validate(json(
                    "{\"type\":\"pageView\",\"url\":\"" + URL + "\",\"screenHeight\":1e400}")))
                    .hasMessageContaining("screenHeight");
        }
    }

    @Nested
    class Language {
        @Test
        void stripsTrimsAndKeeps35Of100() {
            assertThat(valid(pageView().add("language", " en-\u0000GB ")).language()).contains("en-GB");
            assertThat(valid(pageView().add("language", "l".repeat(100))).language()).contains("l".repeat(35));
        }

        @Test
        void rejectsLongerThan100AndNonStrings() {
            rejected(pageView().add("language", "l".repeat(101)), "language");
            rejected(pageView().add("language", true), "language");
        }
    }

    @Nested
    class CustomData {
        @Test
        void acceptsAnObjectUpTo8192Characters() {
            JsonObject data = Json.createObjectBuilder().add("k", "v".repeat(8192 - 8)).build();
            assertThat(data.toString()).hasSize(8192);
            assertThat(valid(custom("e").add("customData", data)).customData()).contains(data);
        }

        @Test
        void rejectsLongerThan8192() {
            JsonObject data = Json.createObjectBuilder().add("k", "v".repeat(8192 - 7)).build();
            rejected(custom("e").add("customData", data), "customData");
        }

        @Test
        void rejectsArraysNullAndScalars() {
            rejected(custom("e").add("customData", Json.createArrayBuilder().add(1)), "customData");
            rejected(custom("e").addNull("customData"), "customData");
            rejected(custom("e").add("customData", "text"), "customData");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "{\"__proto__\":{\"admin\":true}}",
                "{\"a\":{\"Constructor\":1}}",
                "{\"a\":[{\"b\":{\"PROTOTYPE\":1}}]}"})
        void rejectsPrototypeKeysAtAnyDepthInAnyCase(String data) {
            rejected(custom("e").add("customData", json(data)), "key");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"a\":1e999999}", "{\"a\":[{\"b\":-2e308}]}"})
        void rejectsNumbersPastTheRangeOfADouble(String data) {
            rejected(custom("e").add("customData", json(data)), "range");
        }

        @Test
        void keepsNumbersADoubleHoldsOrRoundsToZero() {
            JsonObject data = json("{\"big\":123456789012345678901234567890,\"max\":1.7976931348623157e308,"
                    + "\"tiny\":1e-999999}");
            assertThat(valid(custom("e").add("customData", data)).customData()).contains(data);
        }

        @Test
        void emptyObjectIsNotStored() {
            assertThat(valid(custom("e").add("customData", JsonObject.EMPTY_JSON_OBJECT)).customData()).isEmpty();
        }

        @Test
        void durationAboveTenSecondsSignalsEngagement() {
            assertThat(valid(custom("e").add("customData", Json.createObjectBuilder().add("duration", 11)))
                    .signalsEngagement()).isTrue();
            assertThat(valid(custom("e").add("customData", Json.createObjectBuilder().add("duration", 10)))
                    .signalsEngagement()).isFalse();
        }
    }

    @Nested
    class ErrorMessage {
        @Test
        void isRequiredForJsErrors() {
            rejected(pageView().add("type", "jsError"), "errorMessage");
            rejected(jsError(""), "errorMessage");
        }

        @Test
        void keeps512Of1024AndKeepsLineBreaks() {
            assertThat(valid(jsError("e".repeat(1024))).errorMessage()).hasSize(512);
            assertThat(valid(jsError("a\tb\nc\r\u0000d")).errorMessage()).isEqualTo("a\tb\nc\rd");
            rejected(jsError("e".repeat(1025)), "errorMessage");
        }
    }

    @Nested
    class StackTrace {
        @Test
        void isOptionalAndKeeps4096Of16384() {
            assertThat(valid(jsError("boom")).stackTrace()).isEmpty();
            assertThat(valid(jsError("boom").add("stackTrace", "s".repeat(16384))).stackTrace()).hasSize(4096);
            assertThat(valid(jsError("boom").add("stackTrace", "at a\n\u0007at b")).stackTrace())
                    .isEqualTo("at a\nat b");
        }

        @Test
        void rejectsLongerThan16384() {
            rejected(jsError("boom").add("stackTrace", "s".repeat(16385)), "stackTrace");
        }
    }

    @Test
    void pageViewHasNoNameOrCustomData() {
        TrackedEvent event = valid(pageView());
        assertThat(event.name()).isEmpty();
        assertThat(event.customData()).isEqualTo(Optional.empty());
    }
}
