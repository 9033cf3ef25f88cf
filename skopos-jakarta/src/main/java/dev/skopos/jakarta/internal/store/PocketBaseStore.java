package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.pocketbase.BatchRequest;
import dev.skopos.jakarta.internal.pocketbase.Filter;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseClient;
import jakarta.json.JsonObject;

import java.util.List;

/** The tracker's records in the PocketBase that {@code client} is logged in to. */
public final class PocketBaseStore implements RecordStore {
    private final PocketBaseClient client;

    public PocketBaseStore(PocketBaseClient client) {
        this.client = client;
    }

    @Override
    public List<JsonObject> find(String collection, Filter filter, int max) {
        return client.list(collection, filter, null, 1, max);
    }

    @Override
    public JsonObject get(String collection, String id) {
        return client.get(collection, id);
    }

    @Override
    public JsonObject create(String collection, JsonObject record) {
        return client.create(collection, record);
    }

    @Override
    public JsonObject update(String collection, String id, JsonObject changes) {
        return client.update(collection, id, changes);
    }

    @Override
    public List<JsonObject> batch(List<BatchRequest> writes) {
        return client.batch(writes);
    }
}
