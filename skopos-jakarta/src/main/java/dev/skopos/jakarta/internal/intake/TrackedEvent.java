package dev.skopos.jakarta.internal.intake;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

import java.util.Optional;

/**
 * An event that passed validation, already sanitised and cut to the lengths that are stored.
 *
 * @param type         page view, custom event or JS error
 * @param name         custom event name; {@code jsError} for errors; empty for page views
 * @param url          page URL as stored
 * @param host         the page URL's host in lower case, without trailing dots; empty for server events
 * @param path         the URL's path, {@code /} when it has none
 * @param referrer     referrer as stored; empty when there was none
 * @param screenWidth  floored and clamped to 0..10000, if sent
 * @param screenHeight floored and clamped to 0..10000, if sent
 * @param language     browser language, if sent
 * @param customData   custom data object, if sent and not empty
 * @param errorMessage JS error message (JS errors only)
 * @param stackTrace   JS error stack trace, if sent (JS errors only)
 */
public record TrackedEvent(
        EventType type,
        String name,
        String url,
        String host,
        String path,
        String referrer,
        Optional<Integer> screenWidth,
        Optional<Integer> screenHeight,
        Optional<String> language,
        Optional<JsonObject> customData,
        String errorMessage,
        String stackTrace) {

    /** Whether this event makes its session engaged on its own: {@code customData.duration} above 10 s. */
    public boolean signalsEngagement() {
        return customData.map(data -> data.get("duration"))
                .filter(JsonNumber.class::isInstance)
                .map(duration -> ((JsonNumber) duration).doubleValue() > 10)
                .orElse(false);
    }
}
