package dev.skopos.jakarta.pocketbase;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;

import static dev.skopos.jakarta.support.JsonProviders.JSON;

/** PocketBase's error answers ({@code {"message": ..., "data": {field: {"code": ...}}}}) as exceptions. */
final class ErrorAnswers {
    private static final int MAX_MESSAGE_LENGTH = 300;

    private ErrorAnswers() {
    }

    /** The failure PocketBase answered with {@code status} and {@code body}, carrying its message and codes. */
    static PocketBaseException toException(int status, String body) {
        String prefix = "PocketBase answered " + status + ": ";
        try (JsonReader reader = JSON.createReader(new StringReader(body))) {
            JsonObject error = reader.readObject();
            JsonObject data = error.getJsonObject("data");
            String message = error.getString("message", "");
            return new PocketBaseException(status,
                    prefix + truncate(data == null || data.isEmpty() ? message : message + " " + data),
                    fieldErrors(data));
        } catch (JsonException | ClassCastException e) {
            return new PocketBaseException(status, prefix + truncate(body));
        }
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
