package dev.skopos.jakarta.internal.intake;

import dev.skopos.jakarta.InvalidEventException;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/** Converts the plain Java maps callers pass as custom data or metadata into JSON. */
public final class JsonValues {
    private JsonValues() {
    }

    public static JsonObject object(Map<String, ?> map) {
        JsonObjectBuilder object = JSON.createObjectBuilder();
        map.forEach((key, value) -> {
            if (key == null) {
                throw new InvalidEventException("data keys may not be null");
            }
            object.add(key, value(value));
        });
        return object.build();
    }

    /**
     * Whether {@code value} holds, at any depth, a number past the range of a double. PocketBase reads JSON numbers
     * as 64-bit floating point and refuses a record holding one; in a batch it refuses the whole batch, and the
     * records written with it would wait behind it.
     */
    static boolean holdsNumberPastDoubleRange(JsonValue value) {
        if (value instanceof JsonObject object) {
            return object.values().stream().anyMatch(JsonValues::holdsNumberPastDoubleRange);
        }
        if (value instanceof JsonArray array) {
            return array.stream().anyMatch(JsonValues::holdsNumberPastDoubleRange);
        }
        return value instanceof JsonNumber number && !Double.isFinite(number.doubleValue());
    }

    private static JsonValue value(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue json) {
            return json;
        }
        if (value instanceof String text) {
            return JSON.createValue(text);
        }
        if (value instanceof Boolean flag) {
            return flag ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return JSON.createValue(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (!Double.isFinite(number)) {
                throw new InvalidEventException("data numbers must be finite");
            }
            return JSON.createValue(number);
        }
        if (value instanceof BigDecimal decimal) {
            return JSON.createValue(decimal);
        }
        if (value instanceof BigInteger integer) {
            return JSON.createValue(integer);
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = JSON.createObjectBuilder();
            map.forEach((key, nested) -> object.add(String.valueOf(key), value(nested)));
            return object.build();
        }
        if (value instanceof Iterable<?> items) {
            JsonArrayBuilder array = JSON.createArrayBuilder();
            items.forEach(item -> array.add(value(item)));
            return array.build();
        }
        throw new InvalidEventException("data values must be strings, numbers, booleans, maps or lists, not "
                + value.getClass().getName());
    }
}
