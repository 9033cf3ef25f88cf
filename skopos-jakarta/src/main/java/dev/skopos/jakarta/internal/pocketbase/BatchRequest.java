package dev.skopos.jakarta.internal.pocketbase;

import jakarta.json.JsonObject;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * One write of a {@code /api/batch} request: a create ({@code id} null: the body may name its own) or an update
 * of one record.
 */
public record BatchRequest(String collection, String id, JsonObject body) {

    public static BatchRequest create(String collection, JsonObject record) {
        return new BatchRequest(collection, null, record);
    }

    public static BatchRequest update(String collection, String id, JsonObject changes) {
        return new BatchRequest(collection, id, changes);
    }

    /** As PocketBase takes it: sub-request URLs name no base path, whatever path PocketBase is served under. */
    JsonObject toJson() {
        String records = "/api/collections/" + collection + "/records";
        return JSON.createObjectBuilder()
                .add("method", id == null ? "POST" : "PATCH")
                .add("url", id == null ? records : records + "/" + id)
                .add("body", body)
                .build();
    }
}
