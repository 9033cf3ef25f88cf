package dev.skopos.jakarta.pocketbase;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.skopos.jakarta.support.JsonProviders.JSON;

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
        String message = error.getString("message", "");
        return new PocketBaseException(status, "PocketBase answered " + status + ": "
                + truncate(data == null || data.isEmpty() ? message : message + " " + data), fieldErrors(data));
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
