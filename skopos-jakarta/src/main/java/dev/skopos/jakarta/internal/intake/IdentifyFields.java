package dev.skopos.jakarta.internal.intake;

import dev.skopos.jakarta.InvalidEventException;
import dev.skopos.jakarta.internal.support.Text;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/** Validates what {@code identify} may write on a visitor; anything invalid refuses the whole call. */
public final class IdentifyFields {
    private static final int MAX_TEXT = 255;
    private static final int MAX_PHONE = 50;
    private static final int MAX_METADATA = 8192;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Set<String> KNOWN = Set.of("name", "email", "phone", "metadata");

    private IdentifyFields() {
    }

    public static JsonObject of(String userId, Map<String, ?> data) {
        JsonObjectBuilder fields = JSON.createObjectBuilder().add("userId", text("userId", userId, MAX_TEXT));
        for (String key : data.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new InvalidEventException("identify accepts name, email, phone and metadata, not " + key);
            }
        }
        if (data.get("name") != null) {
            fields.add("name", text("name", data.get("name"), MAX_TEXT));
        }
        if (data.get("email") != null) {
            String email = text("email", data.get("email"), MAX_TEXT).toLowerCase(Locale.ROOT);
            if (!EMAIL.matcher(email).matches()) {
                throw new InvalidEventException("email is not a valid address");
            }
            fields.add("email", email);
        }
        if (data.get("phone") != null) {
            fields.add("phone", text("phone", data.get("phone"), MAX_PHONE));
        }
        if (data.get("metadata") != null) {
            if (!(data.get("metadata") instanceof Map<?, ?> metadata)) {
                throw new InvalidEventException("metadata must be a map");
            }
            @SuppressWarnings("unchecked")
            JsonObject json = JsonValues.object((Map<String, ?>) metadata);
            if (json.toString().length() > MAX_METADATA) {
                throw new InvalidEventException("metadata is longer than " + MAX_METADATA + " characters");
            }
            if (JsonValues.holdsNumberPastDoubleRange(json)) {
                throw new InvalidEventException("metadata numbers must be within the range of a double");
            }
            fields.add("metadata", json);
        }
        return fields.build();
    }

    private static String text(String field, Object value, int max) {
        if (!(value instanceof String text)) {
            throw new InvalidEventException(field + " must be a string");
        }
        String trimmed = Text.stripControl(text).trim();
        if (trimmed.isEmpty() || trimmed.length() > max) {
            throw new InvalidEventException(field + " must be 1.." + max + " characters");
        }
        return trimmed;
    }
}
