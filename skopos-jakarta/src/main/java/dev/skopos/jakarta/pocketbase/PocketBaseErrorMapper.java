package dev.skopos.jakarta.pocketbase;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;

import static dev.skopos.jakarta.support.JsonProviders.JSON;

/** Turns every PocketBase error status into a {@link PocketBaseException} carrying PocketBase's message. */
public final class PocketBaseErrorMapper implements ResponseExceptionMapper<PocketBaseException> {
    private static final int MAX_MESSAGE_LENGTH = 300;

    @Override
    public PocketBaseException toThrowable(Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        String prefix = "PocketBase answered " + response.getStatus() + ": ";
        try (JsonReader reader = JSON.createReader(new StringReader(body))) {
            JsonObject error = reader.readObject();
            JsonObject data = error.getJsonObject("data");
            String message = error.getString("message", "");
            return new PocketBaseException(response.getStatus(),
                    prefix + truncate(data == null || data.isEmpty() ? message : message + " " + data),
                    fieldErrors(data));
        } catch (JsonException | ClassCastException e) {
            return new PocketBaseException(response.getStatus(), prefix + truncate(body));
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
