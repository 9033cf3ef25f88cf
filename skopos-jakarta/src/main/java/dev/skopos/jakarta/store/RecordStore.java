package dev.skopos.jakarta.store;

import dev.skopos.jakarta.pocketbase.Filter;
import dev.skopos.jakarta.pocketbase.PocketBaseException;
import jakarta.json.JsonObject;

import java.util.List;
import java.util.Optional;

/**
 * Where the tracker's records live: the four record operations of PocketBase's API it uses (find, get, create,
 * update), and nothing else. Everything the tracker writes (visitors, sessions, events, JS errors, daily
 * summaries, the website's {@code sdkVersion}) goes through one of these, so a test can stand between the
 * tracker and a real PocketBase and make any answer fail. {@link PocketBaseStore} is the implementation. Every
 * method throws {@link PocketBaseException} when PocketBase fails or refuses.
 */
public interface RecordStore {

    /** Up to {@code max} records that match {@code filter}, in no particular order. */
    List<JsonObject> find(String collection, Filter filter, int max);

    default Optional<JsonObject> findFirst(String collection, Filter filter) {
        return find(collection, filter, 1).stream().findFirst();
    }

    JsonObject get(String collection, String id);

    /** Creates {@code record}, which may name its own {@code id}; returns the record as stored. */
    JsonObject create(String collection, JsonObject record);

    JsonObject update(String collection, String id, JsonObject changes);
}
