package dev.skopos.it;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request bodies for the browser endpoint, generated with jqwik: mostly built to break the payload rules
 * (wrong types, huge and deeply nested values, text from every Unicode plane, lone surrogates, control
 * characters raw and escaped, duplicate keys, truncated JSON, bytes that are not UTF-8), with well-formed
 * events mixed in. A well-formed event has a unique path under {@value #WELL_FORMED_PREFIX} so that it can be
 * found in PocketBase.
 */
final class HostilePayloads {
    static final String WELL_FORMED_PREFIX = "/ok/";
    private static final AtomicLong NEXT_MARKER = new AtomicLong();
    private static final List<String> FIELDS = List.of("type", "url", "name", "referrer", "screenWidth",
            "screenHeight", "language", "customData", "errorMessage", "stackTrace");

    /** A body to post, and for a well-formed one the path it must be stored under. */
    record Payload(byte[] body, String wellFormedPath) {
        boolean wellFormed() {
            return wellFormedPath != null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private HostilePayloads() {
    }

    static Arbitrary<Payload> payloads() {
        Arbitrary<Payload> broken = Arbitraries.oneOf(broken(wrongTypes()), broken(unicodeEverywhere()),
                broken(controlCharacters()), broken(duplicateKeys()), broken(huge()), broken(deeplyNested()),
                truncated(), notUtf8());
        // one in twenty well-formed: enough to show none is lost, few enough to keep PocketBase's writes short
        return Arbitraries.integers().between(1, 20).flatMap(draw -> draw == 1 ? wellFormed() : broken);
    }

    /** Bytes of any value, mostly not UTF-8 and not JSON. */
    private static Arbitrary<Payload> notUtf8() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(bytes -> new Payload(bytes, null));
    }

    private static Arbitrary<Payload> broken(Arbitrary<String> json) {
        return json.map(text -> new Payload(text.getBytes(StandardCharsets.UTF_8), null));
    }

    // ---- well-formed events ----

    private static Arbitrary<Payload> wellFormed() {
        Arbitrary<String> data = Combinators.combine(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12), validText(40)
        ).as((key, value) -> "{" + quote(key) + ":" + quote(value) + ",\"n\":" + value.length() + "}");
        Arbitrary<String> name = Arbitraries.strings().alpha().numeric().withChars("_- ").ofMinLength(1)
                .ofMaxLength(60).filter(text -> !text.isBlank());
        Arbitrary<Integer> width = Arbitraries.integers().between(0, 20_000);
        return Combinators.combine(Arbitraries.of("pageView", "custom"), name, data, width, validText(30))
                .as((type, eventName, customData, screenWidth, language) -> {
            String path = WELL_FORMED_PREFIX + NEXT_MARKER.incrementAndGet();
            String json = "{\"type\":\"" + type + "\",\"url\":\"https://example.com" + path + "?q=1\""
                    + ",\"screenWidth\":" + screenWidth + ",\"language\":" + quote(language)
                    + (type.equals("custom") ? ",\"name\":" + quote(eventName) + ",\"customData\":" + customData : "")
                    + "}";
            return new Payload(json.getBytes(StandardCharsets.UTF_8), path);
        });
    }

    /** Text from all 17 planes alike, valid as a Java string (surrogates only in pairs). */
    private static Arbitrary<String> validText(int maxLength) {
        return Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(codePoint -> codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE)
                .list().ofMaxSize(maxLength)
                .map(codePoints -> {
                    StringBuilder text = new StringBuilder();
                    codePoints.forEach(text::appendCodePoint);
                    return text.toString();
                });
    }

    // ---- rule breakers ----

    /** A plausible event with one field replaced by a value of the wrong type. */
    private static Arbitrary<String> wrongTypes() {
        return Combinators.combine(Arbitraries.of(FIELDS), anyJsonValue(2))
                .as((field, value) -> {
                    Map<String, String> fields = new LinkedHashMap<>(Map.of("type", "\"custom\"",
                            "url", "\"https://example.com/t\"", "name", "\"n\""));
                    fields.put(field, value);
                    return object(fields);
                });
    }

    private static Arbitrary<String> unicodeEverywhere() {
        Arbitrary<String> wild = Arbitraries.strings().all().ofMaxLength(60);
        return Combinators.combine(Arbitraries.of(FIELDS), wild, wild, Arbitraries.of("pageView", "custom", "jsError"))
                .as((field, key, value, type) -> "{\"type\":\"" + type + "\",\"url\":\"https://example.com/"
                        + escape(value) + "\",\"name\":" + quote(value) + "," + quote(field) + ":" + quote(value)
                        + ",\"errorMessage\":" + quote(value) + ",\"customData\":{" + quote(key) + ":" + quote(value)
                        + "}}");
    }

    /** Control characters both escaped and raw (raw ones make the JSON invalid). */
    private static Arbitrary<String> controlCharacters() {
        Arbitrary<String> controls = Arbitraries.strings().withCharRange('\u0000', '\u001F')
                .withCharRange('\u007F', '\u009F').ofMinLength(1).ofMaxLength(20);
        return Combinators.combine(Arbitraries.of(FIELDS), controls, Arbitraries.of(true, false))
                .as((field, text, raw) -> {
                    String value = raw ? "\"" + text + "\"" : quote(text);
                    return "{\"type\":\"custom\",\"url\":\"https://example.com/c\",\"name\":" + value
                            + ",\"errorMessage\":" + value + "," + quote(field) + ":" + value + "}";
                });
    }

    private static Arbitrary<String> duplicateKeys() {
        return Combinators.combine(Arbitraries.of(FIELDS), anyJsonValue(2), anyJsonValue(2))
                .as((field, first, second) -> "{\"type\":\"pageView\",\"url\":\"https://example.com/d\","
                        + quote(field) + ":" + first + "," + quote(field) + ":" + second
                        + ",\"type\":\"custom\",\"customData\":{\"__proto__\":1,\"a\":2,\"a\":{\"constructor\":3}}}");
    }

    /** Strings and arrays up to beyond the body limit. */
    private static Arbitrary<String> huge() {
        return Combinators.combine(Arbitraries.of(FIELDS), Arbitraries.integers().between(200, 40_000),
                Arbitraries.chars().all())
                .as((field, length, fill) -> "{\"type\":\"custom\",\"url\":\"https://example.com/h\",\"name\":\"h\","
                        + quote(field) + ":" + quote(String.valueOf(fill).repeat(length)) + "}");
    }

    /** Arrays and objects nested up to far beyond any parser's comfort. */
    private static Arbitrary<String> deeplyNested() {
        return Combinators.combine(Arbitraries.integers().between(10, 15_000), Arbitraries.of("[", "{\"a\":"),
                Arbitraries.of(FIELDS)).as((depth, open, field) -> {
            String close = open.equals("[") ? "]" : "}";
            return "{\"type\":\"custom\",\"url\":\"https://example.com/n\",\"name\":\"n\"," + quote(field) + ":"
                    + open.repeat(depth) + "1" + close.repeat(depth) + "}";
        });
    }

    /** A well-formed or broken body cut off somewhere. */
    private static Arbitrary<Payload> truncated() {
        return Combinators.combine(Arbitraries.oneOf(wellFormed().map(Payload::text), wrongTypes()),
                Arbitraries.integers().between(0, 999)).as((text, permille) -> {
            String shortened = text.substring(0, text.length() * permille / 1000);
            return new Payload(shortened.getBytes(StandardCharsets.UTF_8), null);
        });
    }

    /** Any JSON value up to {@code depth}, numbers included at their extremes. */
    private static Arbitrary<String> anyJsonValue(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-0", "1e999999", "-1e-999999",
                        "123456789012345678901234567890", "1.5", "-7", "\"\"", "\"pageView\"", "\"custom\"",
                        "\"jsError\"", "\"javascript:alert(1)\"", "\"https://example.com/\"", "\"https://evil.test/\"", "\"__proto__\""),
                Arbitraries.strings().all().ofMaxLength(30).map(HostilePayloads::quote),
                Arbitraries.doubles().map(String::valueOf)
                        .filter(number -> !number.contains("N") && !number.contains("I")));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> nested = anyJsonValue(depth - 1);
        return Arbitraries.oneOf(scalar,
                nested.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]"),
                Combinators.combine(Arbitraries.strings().all().ofMaxLength(10), nested).as((key, value) ->
                        "{" + quote(key) + ":" + value + "}"));
    }

    private static String object(Map<String, String> fields) {
        List<String> members = new ArrayList<>();
        fields.forEach((key, value) -> members.add(quote(key) + ":" + value));
        return "{" + String.join(",", members) + "}";
    }

    private static String quote(String text) {
        return "\"" + escape(text) + "\"";
    }

    /** JSON string escaping; lone surrogates are left as they are, to be sent as whatever UTF-8 makes of them. */
    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append("\\u00").append(Character.forDigit(c >> 4, 16))
                                .append(Character.forDigit(c & 0xF, 16));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
