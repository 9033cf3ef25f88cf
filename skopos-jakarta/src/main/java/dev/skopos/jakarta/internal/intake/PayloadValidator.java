package dev.skopos.jakarta.internal.intake;

import dev.skopos.jakarta.InvalidEventException;
import dev.skopos.jakarta.internal.support.Text;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Applies the payload rules to one event of the browser script: a payload that breaks any
 * rule is refused whole with an {@link InvalidEventException} saying which, in words of its own only, since
 * the message may be logged and nothing a client wrote may shape a log line; an accepted one comes back
 * sanitised and cut to its stored lengths.
 */
public final class PayloadValidator {
    static final int MAX_NAME_ACCEPTED = 255;
    static final int MAX_NAME_KEPT = 100;
    static final int MAX_URL_ACCEPTED = 4096;
    static final int MAX_URL_KEPT = 2048;
    static final int MAX_LANGUAGE_ACCEPTED = 100;
    static final int MAX_LANGUAGE_KEPT = 35;
    static final int MAX_CUSTOM_DATA = 8192;
    static final int MAX_ERROR_MESSAGE_ACCEPTED = 1024;
    static final int MAX_ERROR_MESSAGE_KEPT = 512;
    static final int MAX_STACK_ACCEPTED = 16384;
    static final int MAX_STACK_KEPT = 4096;
    static final int MAX_SCREEN = 10_000;
    private static final Set<String> FORBIDDEN_KEYS = Set.of("__proto__", "constructor", "prototype");

    public TrackedEvent validate(JsonObject payload) {
        EventType type = EventType.fromWire(requiredString(payload, "type"))
                .orElseThrow(() -> new InvalidEventException("type must be pageView, custom or jsError"));
        String url = requiredString(payload, "url");
        URI page = pageUrl(url);
        Optional<JsonObject> customData = customData(payload);
        String name = switch (type) {
            case CUSTOM -> customName(requiredString(payload, "name"));
            case JS_ERROR -> EventType.JS_ERROR.wireName();
            case PAGE_VIEW -> "";
        };
        String errorMessage = "";
        String stackTrace = "";
        if (type == EventType.JS_ERROR) {
            errorMessage = errorMessage(requiredString(payload, "errorMessage"));
            stackTrace = optionalString(payload, "stackTrace", MAX_STACK_ACCEPTED)
                    .map(stack -> Text.truncate(Text.stripControlKeepingLines(stack), MAX_STACK_KEPT)).orElse("");
        }
        return new TrackedEvent(type, name, Text.truncate(url, MAX_URL_KEPT), hostOf(page), pathOf(page),
                optionalString(payload, "referrer", MAX_URL_ACCEPTED).map(PayloadValidator::referrer).orElse(""),
                screenSize(payload, "screenWidth"), screenSize(payload, "screenHeight"),
                optionalString(payload, "language", MAX_LANGUAGE_ACCEPTED)
                        .map(language -> Text.truncate(Text.stripControl(language).trim(), MAX_LANGUAGE_KEPT))
                        .filter(language -> !language.isEmpty()),
                customData.filter(data -> !data.isEmpty()), errorMessage, stackTrace);
    }

    /** Name of a custom event, from the browser or from server code. */
    public static String customName(String raw) {
        if (raw.isEmpty() || raw.length() > MAX_NAME_ACCEPTED) {
            throw new InvalidEventException("name must be 1.." + MAX_NAME_ACCEPTED + " characters");
        }
        String name = Text.stripControl(raw).trim();
        if (name.isEmpty()) {
            throw new InvalidEventException("name is empty once control characters and spaces are removed");
        }
        return Text.truncate(name, MAX_NAME_KEPT);
    }

    /**
     * Custom data from the browser or from server code: a small object without prototype-polluting keys, and
     * without numbers PocketBase cannot read.
     */
    public static JsonObject checkedCustomData(JsonObject data) {
        if (data.toString().length() > MAX_CUSTOM_DATA) {
            throw new InvalidEventException("customData is longer than " + MAX_CUSTOM_DATA + " characters");
        }
        checkNested(data);
        if (JsonValues.holdsNumberPastDoubleRange(data)) {
            throw new InvalidEventException("customData numbers must be within the range of a double");
        }
        return data;
    }

    private static String requiredString(JsonObject payload, String field) {
        JsonValue value = payload.get(field);
        if (!(value instanceof JsonString text)) {
            throw new InvalidEventException(field + " is required and must be a string");
        }
        return text.getString();
    }

    private static Optional<String> optionalString(JsonObject payload, String field, int maxAccepted) {
        JsonValue value = payload.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString text)) {
            throw new InvalidEventException(field + " must be a string");
        }
        if (text.getString().length() > maxAccepted) {
            throw new InvalidEventException(field + " is longer than " + maxAccepted + " characters");
        }
        return Optional.of(text.getString());
    }

    private static URI pageUrl(String url) {
        if (url.length() > MAX_URL_ACCEPTED) {
            throw new InvalidEventException("url is longer than " + MAX_URL_ACCEPTED + " characters");
        }
        return parseHttpUrl(url).orElseThrow(() -> new InvalidEventException("url must be an absolute http(s) URL"));
    }

    /** The URL if it is an absolute http or https URL with a host. */
    static Optional<URI> parseHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // not a URL
        }
        return Optional.empty();
    }

    /**
     * The host of a URL with one, in lower case, without trailing dots ({@code example.com.} is
     * {@code example.com}).
     */
    static String hostOf(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int end = host.length();
        while (end > 0 && host.charAt(end - 1) == '.') {
            end--;
        }
        return host.substring(0, end);
    }

    private static String pathOf(URI page) {
        String path = page.getRawPath();
        return path == null || path.isEmpty() ? "/" : Text.truncate(path, MAX_URL_KEPT);
    }

    private static String referrer(String raw) {
        String referrer = parseHttpUrl(raw).map(uri -> uri.normalize().toString())
                .orElseGet(() -> Text.stripControl(raw).trim());
        return Text.truncate(referrer, MAX_URL_KEPT);
    }

    private static Optional<Integer> screenSize(JsonObject payload, String field) {
        JsonValue value = payload.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber number) || !Double.isFinite(number.doubleValue())) {
            throw new InvalidEventException(field + " must be a finite number");
        }
        double clamped = Math.max(0, Math.min(MAX_SCREEN, Math.floor(number.doubleValue())));
        return Optional.of((int) clamped);
    }

    private static Optional<JsonObject> customData(JsonObject payload) {
        if (!payload.containsKey("customData")) {
            return Optional.empty();
        }
        if (!(payload.get("customData") instanceof JsonObject data)) {
            throw new InvalidEventException("customData must be a JSON object");
        }
        return Optional.of(checkedCustomData(data));
    }

    private static void checkNested(JsonValue value) {
        if (value instanceof JsonObject object) {
            for (var entry : object.entrySet()) {
                if (FORBIDDEN_KEYS.contains(entry.getKey().toLowerCase(Locale.ROOT))) {
                    throw new InvalidEventException("customData may not use the keys __proto__, constructor or"
                            + " prototype, in any case");
                }
                checkNested(entry.getValue());
            }
        } else if (value instanceof JsonArray array) {
            array.forEach(PayloadValidator::checkNested);
        }
    }

    private static String errorMessage(String raw) {
        if (raw.isEmpty() || raw.length() > MAX_ERROR_MESSAGE_ACCEPTED) {
            throw new InvalidEventException("errorMessage must be 1.." + MAX_ERROR_MESSAGE_ACCEPTED + " characters");
        }
        return Text.truncate(Text.stripControlKeepingLines(raw), MAX_ERROR_MESSAGE_KEPT);
    }
}
