package dev.skopos.jakarta.internal.pocketbase;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The record requests (list, get, create, update) and batches, each with a token, as PocketBase's API takes them.
 * An answer of another shape, a record without its {@code id} above all, is taken for no answer: a 2xx that is
 * not PocketBase's record (a proxy's page, a hook that rewrote it) says nothing of whether a write landed, so it
 * fails as a lost answer does, and the write is tried again. Since every record the tracker creates has an id
 * it chose, the retry settles it: it lands, or finds its record there and knows it for its own
 * ({@code IdempotentCreates}); a batch is settled by reading one of its records. Taking such an answer for a
 * landed write would instead lose the record whenever the answer came from something that never passed the write
 * on.
 */
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
        JsonObject answer = send("GET", path.toString(), token, null, JsonObject.class);
        if (answer.get("items") instanceof JsonArray items && items.stream().allMatch(RecordRequests::isRecord)) {
            return answer;
        }
        throw noAnswer("a page of records without its records");
    }

    JsonObject get(String token, String collection, String id) {
        return record(send("GET", COLLECTIONS + collection + "/records/" + id, token, null, JsonObject.class));
    }

    JsonObject create(String token, String collection, JsonObject record) {
        return record(send("POST", COLLECTIONS + collection + "/records", token, record, JsonObject.class));
    }

    JsonObject update(String token, String collection, String id, JsonObject changes) {
        return record(send("PATCH", COLLECTIONS + collection + "/records/" + id, token, changes, JsonObject.class));
    }

    /**
     * One {@code /api/batch} request ({@code {"requests": [...]}}); its answer has an entry per sub-request, each with
     * the record as stored as its {@code body}.
     */
    JsonArray batch(String token, JsonObject requests) {
        JsonArray answers = send("POST", "/api/batch", token, requests, JsonArray.class);
        if (answers.stream().allMatch(answer -> answer instanceof JsonObject entry && isRecord(entry.get("body")))) {
            return answers;
        }
        throw noAnswer("a batch's writes without their records");
    }

    private JsonObject record(JsonObject answer) {
        if (isRecord(answer)) {
            return answer;
        }
        throw noAnswer("a record without an id");
    }

    private static boolean isRecord(JsonValue value) {
        return value instanceof JsonObject record && record.get("id") instanceof JsonString;
    }

    private PocketBaseException noAnswer(String what) {
        return http.unreachable(new IOException("PocketBase answered with " + what));
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
