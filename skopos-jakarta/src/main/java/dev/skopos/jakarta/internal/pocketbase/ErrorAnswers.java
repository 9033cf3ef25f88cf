package dev.skopos.jakarta.internal.pocketbase;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/** PocketBase's error answers ({@code {"message": ..., "data": {field: {"code": ...}}}}) as exceptions. */
final class ErrorAnswers {
    private static final int MAX_MESSAGE_LENGTH = 300;

    private ErrorAnswers() {
    }

    /**
     * The failure PocketBase answered with {@code status} and {@code body}, carrying its message and codes; for a
     * batch that one of its writes failed, that write's failure ({@link BatchRequestFailedException}).
     */
    static PocketBaseException toException(int status, String body) {
        try (JsonReader reader = JSON.createReader(new StringReader(body))) {
            return toException(status, reader.readObject());
        } catch (JsonException | ClassCastException e) {
            return new PocketBaseException(status, "PocketBase answered " + status + ": " + truncate(body));
        }
    }

    private static PocketBaseException toException(int status, JsonObject error) {
        JsonObject data = error.getJsonObject("data");
        Optional<PocketBaseException> failedWrite = failedWrite(data);
        if (failedWrite.isPresent()) {
            return failedWrite.get();
        }
        String message = "PocketBase answered " + status + ": " + truncate(data == null || data.isEmpty()
                ? error.getString("message", "") : error.getString("message", "") + " " + data);
        OptionalInt batchLimit = batchLimit(data);
        return batchLimit.isPresent() ? PocketBaseException.batchTooLong(status, message, batchLimit.getAsInt())
                : new PocketBaseException(status, message, fieldErrors(data));
    }

    /** {@code "requests": {"code": "validation_length_too_long", "params": {"max": 50}}}: a batch too long. */
    private static OptionalInt batchLimit(JsonObject data) {
        if (data != null && data.get("requests") instanceof JsonObject requests
                && "validation_length_too_long".equals(requests.getString("code", ""))
                && requests.get("params") instanceof JsonObject params
                && params.get("max") instanceof JsonNumber max && max.intValue() > 0) {
            return OptionalInt.of(max.intValue());
        }
        return OptionalInt.empty();
    }

    /** {@code "requests": {"3": {"code": "batch_request_failed", "response": {status, message, data}}}}. */
    private static Optional<PocketBaseException> failedWrite(JsonObject data) {
        if (data == null || !(data.get("requests") instanceof JsonObject requests) || requests.size() != 1) {
            return Optional.empty();
        }
        Map.Entry<String, JsonValue> failed = requests.entrySet().iterator().next();
        if (!failed.getKey().matches("\\d{1,6}") || !(failed.getValue() instanceof JsonObject detail)
                || !(detail.get("response") instanceof JsonObject response)) {
            return Optional.empty();
        }
        int status = response.getInt("status", 400);
        return Optional.of(new BatchRequestFailedException(Integer.parseInt(failed.getKey()),
                toException(status, response)));
    }

    private static Map<String, String> fieldErrors(JsonObject data) {
        Map<String, String> codes = new HashMap<>();
        if (data != null) {
            data.forEach((field, detail) -> {
                if (detail instanceof JsonObject error) {
                    codes.put(field, error.getString("code", ""));
                }
            });
        }
        return codes;
    }

    private static String truncate(String text) {
        return text.length() <= MAX_MESSAGE_LENGTH ? text : text.substring(0, MAX_MESSAGE_LENGTH) + "…";
    }
}
