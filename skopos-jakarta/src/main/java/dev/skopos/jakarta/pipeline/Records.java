package dev.skopos.jakarta.pipeline;

import dev.skopos.jakarta.pocketbase.Filter;
import dev.skopos.jakarta.pocketbase.PocketBaseClient;
import dev.skopos.jakarta.pocketbase.PocketBaseDates;
import dev.skopos.jakarta.pocketbase.PocketBaseException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.function.Supplier;

/**
 * Writes visitors, sessions, events and JS errors in the shapes the Skopos dashboard reads.
 * Keeps the record ids of visitors and sessions it has written so each costs one lookup at most. Used only
 * under the pipeline's flush lock.
 */
final class Records {
    static final String VISITORS = "visitors";
    static final String SESSIONS = "sessions";
    static final String EVENTS = "events";
    static final String JS_ERRORS = "js_errors";
    private static final int MAX_STORED_STACK = 2048;

    private final PocketBaseClient pocketBase;
    private final BoundedCache<String, String> visitorRecordIds;

    Records(PocketBaseClient pocketBase, int visitorCacheSize) {
        this.pocketBase = pocketBase;
        this.visitorRecordIds = new BoundedCache<>(visitorCacheSize);
    }

    void writeEvent(LiveSession session, TrackedEvent event) {
        JsonObjectBuilder record = Json.createObjectBuilder()
                .add("type", event.type().wireName())
                .add("path", event.path());
        if (event.type() == EventType.CUSTOM) {
            record.add("eventName", event.name());
        }
        event.customData().ifPresent(data -> record.add("eventData", data));
        JsonObject built = record.build();
        retryOnceIfRelationMissing(session, () -> pocketBase.create(EVENTS, Json.createObjectBuilder(built)
                .add("session", sessionRecord(session)).build()));
    }

    /** Writes the session's latest exit path if it changed since the last write. */
    void updateExitPath(LiveSession session) {
        if (!session.exitPathChanged()) {
            return;
        }
        String exitPath = session.exitPath();
        try {
            pocketBase.update(SESSIONS, session.recordId(),
                    Json.createObjectBuilder().add("exitPath", exitPath).build());
            session.stored(session.recordId(), exitPath);
        } catch (PocketBaseException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            session.forgetRecord();
            sessionRecord(session);
        }
    }

    void identify(String websiteId, String visitorId, JsonObject fields) {
        VisitorRecord visitor = visitorRecord(websiteId, visitorId);
        try {
            pocketBase.update(VISITORS, visitor.id(), fields);
        } catch (PocketBaseException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            visitorRecordIds.remove(key(websiteId, visitorId));
            pocketBase.update(VISITORS, visitorRecord(websiteId, visitorId).id(), fields);
        }
    }

    /** Adds {@code count} reports of one error: increments the stored record, or creates it. */
    void addJsErrors(PendingJsError error) {
        Filter sameError = Filter.eq("errorHash", error.hash()).and(Filter.eq("website", error.websiteId()));
        JsonObject increment = Json.createObjectBuilder()
                .add("count+", error.count()).add("lastSeen", PocketBaseDates.format(error.lastSeen())).build();
        var existing = pocketBase.findFirst(JS_ERRORS, sameError);
        if (existing.isPresent()) {
            pocketBase.update(JS_ERRORS, existing.get().getString("id"), increment);
            return;
        }
        try {
            retryOnceIfRelationMissing(error.session(), () -> pocketBase.create(JS_ERRORS, Json.createObjectBuilder()
                    .add("website", error.websiteId())
                    .add("session", sessionRecord(error.session()))
                    .add("errorHash", error.hash())
                    .add("errorMessage", error.message())
                    .add("stackTrace", Text.truncate(error.stackTrace(), MAX_STORED_STACK))
                    .add("url", error.url())
                    .add("count", error.count())
                    .add("lastSeen", PocketBaseDates.format(error.lastSeen()))
                    .build()));
        } catch (PocketBaseException e) {
            if (!e.isNotUnique("errorHash")) {
                throw e;
            }
            // another instance created it first
            pocketBase.update(JS_ERRORS, pocketBase.findFirst(JS_ERRORS, sameError).orElseThrow().getString("id"),
                    increment);
        }
    }

    /** The session's record id, creating the visitor and session records first if needed. */
    private String sessionRecord(LiveSession session) {
        if (session.recordId() != null) {
            return session.recordId();
        }
        SessionStart start = session.start();
        String exitPath = session.exitPath();
        JsonObject created = retryOnceIfRelationMissing(session, () -> {
            VisitorRecord visitor = visitorRecord(start.websiteId(), start.visitorId());
            return pocketBase.create(SESSIONS, sessionFields(start, visitor.id(), exitPath, visitor.created()));
        });
        session.stored(created.getString("id"), exitPath);
        session.firstStoredAsNewVisitor(created.getBoolean("isNewVisitor", false));
        return session.recordId();
    }

    private static JsonObject sessionFields(SessionStart start, String visitorRecordId, String exitPath,
                                            boolean newVisitor) {
        return Json.createObjectBuilder()
                .add("website", start.websiteId())
                .add("visitor", visitorRecordId)
                .add("browser", start.agent().browser())
                .add("os", start.agent().os())
                .add("device", start.agent().device())
                .add("screenWidth", start.screenWidth().map(String::valueOf).orElse(""))
                .add("screenHeight", start.screenHeight().map(String::valueOf).orElse(""))
                .add("language", start.language().orElse(""))
                .add("entryPath", start.entryPath())
                .add("exitPath", exitPath)
                .add("referrer", start.referrer())
                .add("country", start.location().get().country())
                .add("state", start.location().get().state())
                .add("ipAddress", start.ipAddress().orElse(""))
                .add("isNewVisitor", newVisitor)
                .build();
    }

    private record VisitorRecord(String id, boolean created) {
    }

    /** Finds or creates the visitor; a unique index on (visitorId, website) settles races between instances. */
    private VisitorRecord visitorRecord(String websiteId, String visitorId) {
        String key = key(websiteId, visitorId);
        String cached = visitorRecordIds.get(key);
        if (cached != null) {
            return new VisitorRecord(cached, false);
        }
        Filter sameVisitor = Filter.eq("visitorId", visitorId).and(Filter.eq("website", websiteId));
        VisitorRecord visitor = pocketBase.findFirst(VISITORS, sameVisitor)
                .map(found -> new VisitorRecord(found.getString("id"), false))
                .orElseGet(() -> createVisitor(websiteId, visitorId, sameVisitor));
        visitorRecordIds.put(key, visitor.id());
        return visitor;
    }

    private VisitorRecord createVisitor(String websiteId, String visitorId, Filter sameVisitor) {
        try {
            return new VisitorRecord(pocketBase.create(VISITORS, Json.createObjectBuilder()
                    .add("website", websiteId).add("visitorId", visitorId).build()).getString("id"), true);
        } catch (PocketBaseException e) {
            if (!e.isNotUnique("visitorId")) {
                throw e;
            }
            return new VisitorRecord(pocketBase.findFirst(VISITORS, sameVisitor).orElseThrow(() -> e)
                    .getString("id"), false);
        }
    }

    /**
     * Runs {@code write}; if PocketBase says a related record is gone (deleted behind the tracker's back),
     * forgets the cached ids and runs it once more so the missing records are created anew.
     */
    private JsonObject retryOnceIfRelationMissing(LiveSession session, Supplier<JsonObject> write) {
        try {
            return write.get();
        } catch (PocketBaseException e) {
            if (!e.isMissingRelation()) {
                throw e;
            }
            visitorRecordIds.remove(key(session.start().websiteId(), session.start().visitorId()));
            session.forgetRecord();
            return write.get();
        }
    }

    private static String key(String websiteId, String visitorId) {
        return websiteId + '/' + visitorId;
    }
}
