package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.pocketbase.BatchRequest;
import dev.skopos.jakarta.internal.pocketbase.Filter;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import jakarta.json.JsonObject;

import java.util.List;
import java.util.Optional;

/**
 * Where the tracker's records live: the record operations of PocketBase's API it uses (find, get, create,
 * update) and batches of creates and updates, and nothing else. Everything the tracker writes (visitors,
 * sessions, events, JS errors, daily summaries, the website's {@code sdkVersion}) goes through one of these, so a
 * test can stand between the tracker and a real PocketBase and make any answer fail. {@link PocketBaseStore} is
 * the implementation. Every method throws {@link PocketBaseException} when PocketBase fails or refuses.
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

    /**
     * Writes {@code writes} in one request and one transaction (PocketBase 0.23+ with batches on): all of them
     * land, or none. Returns the records as stored, in order.
     *
     * @throws dev.skopos.jakarta.internal.pocketbase.BatchRequestFailedException naming the write PocketBase refused
     */
    List<JsonObject> batch(List<BatchRequest> writes);
}
