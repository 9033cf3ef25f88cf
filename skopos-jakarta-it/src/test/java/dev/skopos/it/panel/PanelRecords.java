package dev.skopos.it.panel;

import dev.skopos.jakarta.internal.pocketbase.PocketBaseDates;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/** Records as PocketBase answers them to the panel, for the tests of the dashboard's rules. */
final class PanelRecords {

    private PanelRecords() {
    }

    /** A new visitor's session begun and last updated at {@code created}; add fields, then build. */
    static JsonObjectBuilder session(String id, String created) {
        return Json.createObjectBuilder().add("id", id).add("created", pocketBaseDate(created))
                .add("updated", pocketBaseDate(created)).add("isNewVisitor", true);
    }

    /** A new visitor's session from nowhere known. */
    static JsonObject session(String id, String created, String updated) {
        return session(id, created, updated, true, "");
    }

    static JsonObject session(String id, String created, String updated, boolean isNew, String country) {
        return session(id, created).add("updated", pocketBaseDate(updated)).add("isNewVisitor", isNew)
                .add("country", country).build();
    }

    /** Sessions of new visitors begun a minute apart from 09:00 on 27 November 2026, none updated since. */
    static List<JsonObject> sessionsFromNine(String... ids) {
        return IntStream.range(0, ids.length)
                .mapToObj(i -> session(ids[i], "2026-11-27T09:%02d:00Z".formatted(i)).build())
                .toList();
    }

    static JsonObject pageView(String session, String path, String created) {
        return event(session, "pageView", path, created).add("eventName", "").build();
    }

    static JsonObject custom(String session, String name, String created, JsonObjectBuilder data) {
        return custom(session, "/", name, created, data);
    }

    static JsonObject custom(String session, String path, String name, String created, JsonObjectBuilder data) {
        return event(session, "custom", path, created).add("eventName", name).add("eventData", data).build();
    }

    private static JsonObjectBuilder event(String session, String type, String path, String created) {
        return Json.createObjectBuilder().add("session", session).add("type", type).add("path", path)
                .add("created", pocketBaseDate(created));
    }

    static JsonObject jsError(String message, int count, String created) {
        return Json.createObjectBuilder().add("errorMessage", message).add("count", count)
                .add("created", pocketBaseDate(created)).build();
    }

    /** An ISO instant as PocketBase writes it, {@code 2026-11-27 15:00:00.000Z}. */
    static String pocketBaseDate(String iso) {
        return PocketBaseDates.format(Instant.parse(iso));
    }
}
