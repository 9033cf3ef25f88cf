package dev.skopos.jakarta.pocketbase;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The record requests (list, get, create, update) and batches, each with a token, as PocketBase's API takes them. */
final class RecordRequests {
    private static final String COLLECTIONS = "/api/collections/";

    private final PocketBaseHttp http;

    RecordRequests(PocketBaseHttp http) {
        this.http = http;
    }

    /** One page of records; {@code filter} and {@code sort} may be null. */
    JsonObject list(String token, String collection, Filter filter, String sort, int page, int perPage) {
        StringBuilder path = new StringBuilder(COLLECTIONS).append(collection).append("/records?page=").append(page)
                .append("&perPage=").append(perPage).append("&skipTotal=true");
        if (filter != null) {
            path.append("&filter=").append(URLEncoder.encode(filter.expression(), StandardCharsets.UTF_8));
        }
        if (sort != null) {
            path.append("&sort=").append(URLEncoder.encode(sort, StandardCharsets.UTF_8));
        }
        return send("GET", path.toString(), token, null, JsonObject.class);
    }

    JsonObject get(String token, String collection, String id) {
        return send("GET", COLLECTIONS + collection + "/records/" + id, token, null, JsonObject.class);
    }

    JsonObject create(String token, String collection, JsonObject record) {
        return send("POST", COLLECTIONS + collection + "/records", token, record, JsonObject.class);
    }

    JsonObject update(String token, String collection, String id, JsonObject changes) {
        return send("PATCH", COLLECTIONS + collection + "/records/" + id, token, changes, JsonObject.class);
    }

    /** One {@code /api/batch} request ({@code {"requests": [...]}}); its answer has an entry per sub-request. */
    JsonArray batch(String token, JsonObject requests) {
        return send("POST", "/api/batch", token, requests, JsonArray.class);
    }

    /** The JSON PocketBase answered with, which must be of {@code type}; anything else is no answer. */
    private <T extends JsonValue> T send(String method, String path, String token, JsonObject body, Class<T> type) {
        JsonValue answer = http.send(PocketBaseRequest.json(method, path, token, body));
        if (type.isInstance(answer)) {
            return type.cast(answer);
        }
        throw http.unreachable(new IOException("PocketBase answered without a JSON " + type.getSimpleName()));
    }
}
