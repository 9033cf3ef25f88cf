package dev.skopos.jakarta.testing;

import dev.skopos.jakarta.internal.pocketbase.BatchRequest;
import dev.skopos.jakarta.internal.pocketbase.Filter;
import dev.skopos.jakarta.internal.store.RecordStore;
import jakarta.json.JsonObject;

import java.util.List;

/** A store that passes every request to the real one; tests override the requests they watch or fail. */
public abstract class ForwardingStore implements RecordStore {
    protected final RecordStore real;

    protected ForwardingStore(RecordStore real) {
        this.real = real;
    }

    @Override
    public List<JsonObject> find(String collection, Filter filter, int max) {
        return real.find(collection, filter, max);
    }

    @Override
    public JsonObject get(String collection, String id) {
        return real.get(collection, id);
    }

    @Override
    public JsonObject create(String collection, JsonObject record) {
        return real.create(collection, record);
    }

    @Override
    public JsonObject update(String collection, String id, JsonObject changes) {
        return real.update(collection, id, changes);
    }

    @Override
    public List<JsonObject> batch(List<BatchRequest> writes) {
        return real.batch(writes);
    }
}
