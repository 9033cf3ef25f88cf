package dev.skopos.jakarta.pocketbase;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import java.io.StringReader;

/** Turns every PocketBase error status into a {@link PocketBaseException} carrying PocketBase's message. */
public final class PocketBaseErrorMapper implements ResponseExceptionMapper<PocketBaseException> {
    private static final int MAX_MESSAGE_LENGTH = 300;

    @Override
    public PocketBaseException toThrowable(Response response) {
        return new PocketBaseException(response.getStatus(),
                "PocketBase answered " + response.getStatus() + ": " + messageOf(response));
    }

    private static String messageOf(Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonObject error = reader.readObject();
            String message = error.getString("message", "");
            JsonObject data = error.getJsonObject("data");
            return truncate(data == null || data.isEmpty() ? message : message + " " + data);
        } catch (JsonException | ClassCastException e) {
            return truncate(body);
        }
    }

    private static String truncate(String text) {
        return text.length() <= MAX_MESSAGE_LENGTH ? text : text.substring(0, MAX_MESSAGE_LENGTH) + "…";
    }
}
