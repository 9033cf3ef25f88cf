package dev.skopos.jakarta.store;

import dev.skopos.jakarta.intake.EventType;
import dev.skopos.jakarta.intake.TrackedEvent;
import dev.skopos.jakarta.pocketbase.Filter;
import dev.skopos.jakarta.pocketbase.PocketBaseException;
import dev.skopos.jakarta.queue.PendingJsError;
import dev.skopos.jakarta.queue.PendingWrite;
import dev.skopos.jakarta.store.JsErrorRecords.FirstReport;
import dev.skopos.jakarta.store.JsErrorRecords.StoredCount;
import dev.skopos.jakarta.support.BoundedCache;
import dev.skopos.jakarta.support.OnceLog;
import dev.skopos.jakarta.visitors.LiveSession;
import dev.skopos.jakarta.visitors.SessionBook;
import dev.skopos.jakarta.visitors.SessionStart;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import static dev.skopos.jakarta.support.JsonProviders.JSON;

/**
 * Writes visitors, sessions, events and JS errors in the shapes the Skopos dashboard reads. Every record is
 * created under an id the tracker chose, and every update writes absolute values, so a write repeated after a
 * lost answer never doubles a record or a count. Keeps the ids of visitors it has written, and the counts of
 * JS errors, so each costs one lookup at most. Called by the writer's lanes side by side, never for the same
 * visitor at once, and by the JS error flush for the errors of sessions already written.
 */
public final class Records {
    private static final Logger LOG = Logger.getLogger(Records.class.getName());
    static final String VISITORS = "visitors";
    static final String SESSIONS = "sessions";
    static final String EVENTS = "events";
    /**
     * How long a lookup of many visitors' filter may grow: PocketBase refuses filters over 3,500 characters
     * (since 0.23; 0.22 has no limit).
     */
    private static final int MAX_LOOKUP_FILTER = 3000;

    private final RecordStore store;
    private final SessionBook sessions;
    private final IdempotentCreates creates;
    private final JsErrorRecords jsErrors;
    private final BoundedCache<String, VisitorRecord> visitors;
    /** Visitors a lookup of many found without a record: their first session creates one without asking again. */
    private final BoundedCache<String, Boolean> visitorsWithoutRecord;
    private final BoundedCache<String, StoredCount> jsErrorCounts;
    private final Set<String> absentVisitorFields = ConcurrentHashMap.newKeySet();
    private final OnceLog onceLog = new OnceLog(LOG);

    /** @param sessions told when a session's visitor is looked up, which may settle whether the visitor is new */
    public Records(RecordStore store, SessionBook sessions, int visitorCacheSize, int jsErrorCacheSize) {
        this.store = store;
        this.sessions = sessions;
        this.creates = new IdempotentCreates(store);
        this.jsErrors = new JsErrorRecords(store, creates);
        this.visitors = new BoundedCache<>(visitorCacheSize);
        this.visitorsWithoutRecord = new BoundedCache<>(visitorCacheSize);
        this.jsErrorCounts = new BoundedCache<>(jsErrorCacheSize);
    }

    public void writeEvent(PendingWrite.Event pending) {
        TrackedEvent event = pending.event();
        JsonObjectBuilder record = JSON.createObjectBuilder()
                .add("type", event.type().wireName())
                .add("path", event.path());
        if (event.type() == EventType.CUSTOM) {
            record.add("eventName", event.name());
        }
        event.customData().ifPresent(data -> record.add("eventData", data));
        JsonObject fields = record.build();
        LiveSession session = pending.session();
        retryOnceIfRelationMissing(session, () -> creates.create(EVENTS, pending.recordId(),
                JSON.createObjectBuilder(fields).add("session", ensureSession(session)).build()));
    }

    /**
     * Moves the session record's {@code updated} to now if events were recorded since it was last written,
     * carrying the exit path when it changed. A record deleted behind the tracker's back is created anew.
     */
    public void updateSession(LiveSession session) {
        if (!session.needsUpdate()) {
            return;
        }
        LiveSession.Snapshot now = session.snapshot();
        JsonObject changes = session.exitPathChangedSince(now)
                ? JSON.createObjectBuilder().add("exitPath", now.exitPath()).build()
                : JsonObject.EMPTY_JSON_OBJECT;
        try {
            store.update(SESSIONS, session.recordId(), changes);
            session.stored(now);
        } catch (PocketBaseException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            session.forgetRecord();
            ensureSession(session);
        }
    }

    /**
     * Writes account fields on the visitor's record. A field the installation's {@code visitors} collection lacks
     * (today's dashboard has no {@code email}) shows as missing from the record PocketBase answers with: that is
     * said once, and the field is left out from then on.
     */
    public void identify(String websiteId, String visitorId, JsonObject fields) {
        JsonObject known = withoutAbsentFields(fields);
        JsonObject stored = updateVisitor(websiteId, visitorId, known);
        known.keySet().stream().filter(field -> !stored.containsKey(field)).forEach(this::visitorFieldAbsent);
    }

    private JsonObject updateVisitor(String websiteId, String visitorId, JsonObject fields) {
        try {
            return store.update(VISITORS, visitorRecord(websiteId, visitorId).id(), fields);
        } catch (PocketBaseException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            visitors.remove(key(websiteId, visitorId));
            return store.update(VISITORS, visitorRecord(websiteId, visitorId).id(), fields);
        }
    }

    private JsonObject withoutAbsentFields(JsonObject fields) {
        if (absentVisitorFields.isEmpty()) {
            return fields;
        }
        JsonObjectBuilder known = JSON.createObjectBuilder(fields);
        absentVisitorFields.forEach(known::remove);
        return known.build();
    }

    private void visitorFieldAbsent(String field) {
        absentVisitorFields.add(field);
        onceLog.info(field, () -> "PocketBase's visitors collection has no " + field + " field: Skopos leaves "
                + field + " out of the accounts it records");
    }

    /**
     * Adds {@code count} reports of one error to its record, or creates it. The new total is written as an
     * absolute value from the count this writer last knew, so repeating a write whose answer was lost sets the
     * same total again instead of adding twice.
     */
    public void addJsErrors(PendingJsError error) {
        String key = key(error.websiteId(), error.hash());
        String ourId = JsErrorRecords.derivedId(error.websiteId(), error.hash());
        StoredCount stored = jsErrorCounts.get(key);
        if (stored == null && !creates.unanswered(ourId)) {
            stored = jsErrors.find(error.websiteId(), error.hash()).orElse(null);
        }
        if (stored == null) {
            boolean ours = retryOnceIfRelationMissing(error.session(), () -> jsErrors.create(ourId,
                    new FirstReport(error.websiteId(), ensureSession(error.session()), error.hash(), error.message(),
                            error.stackTrace(), error.url()), error.count(), error.lastSeen()));
            if (ours) {
                jsErrorCounts.put(key, new StoredCount(ourId, error.count()));
                return;
            }
            // another instance created it first
            stored = jsErrors.get(ourId);
        }
        long total = stored.count() + error.count();
        jsErrors.update(stored.id(), total, error.lastSeen());
        jsErrorCounts.put(key, new StoredCount(stored.id(), total));
    }

    /** The session's record id, creating the visitor and session records first if needed. */
    public String ensureSession(LiveSession session) {
        if (session.isStored()) {
            return session.recordId();
        }
        SessionStart start = session.start();
        LiveSession.Snapshot snapshot = session.snapshot();
        boolean ours = retryOnceIfRelationMissing(session, () -> {
            VisitorRecord visitor = visitorRecord(start.websiteId(), start.visitorId(),
                    createsRecord -> sessions.visitorLookedUp(session, createsRecord));
            return creates.create(SESSIONS, session.recordId(), sessionFields(start, visitor.id(),
                    snapshot.exitPath(), session.visitorCreated(visitor.created())));
        });
        if (ours) {
            session.stored(snapshot);
        } else {
            session.storedByAnother();
        }
        return session.recordId();
    }

    private static JsonObject sessionFields(SessionStart start, String visitorRecordId, String exitPath,
                                            boolean newVisitor) {
        return JSON.createObjectBuilder()
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

    /** A visitor's record id, and whether this writer created the record for the session at hand. */
    private record VisitorRecord(String id, boolean created) {
    }

    /**
     * Finds or creates the visitor. Its record id is derived from website and visitor id, so two instances, or
     * a retry after a lost answer, meet on the same record; a record an older writer created under another id
     * is found by its visitor id.
     */
    private VisitorRecord visitorRecord(String websiteId, String visitorId) {
        return visitorRecord(websiteId, visitorId, createsRecord -> { });
    }

    /**
     * The visitor's record, created if it has none; {@code lookedUp} hears, before any create, whether this
     * writer is about to create it.
     */
    private VisitorRecord visitorRecord(String websiteId, String visitorId, Consumer<Boolean> lookedUp) {
        String key = key(websiteId, visitorId);
        VisitorRecord cached = visitors.get(key);
        if (cached != null) {
            lookedUp.accept(false);
            return new VisitorRecord(cached.id(), false);
        }
        String ourId = RecordIds.derived(VISITORS, websiteId, visitorId);
        boolean knownWithoutRecord = visitorsWithoutRecord.get(key) != null;
        visitorsWithoutRecord.remove(key);
        Optional<JsonObject> existing = knownWithoutRecord || creates.unanswered(ourId) ? Optional.empty()
                : store.findFirst(VISITORS, Filter.eq("visitorId", visitorId).and(Filter.eq("website", websiteId)));
        lookedUp.accept(existing.isEmpty());
        VisitorRecord visitor = existing.map(found -> new VisitorRecord(found.getString("id"), false))
                .orElseGet(() -> new VisitorRecord(ourId, creates.create(VISITORS, ourId,
                        JSON.createObjectBuilder().add("website", websiteId).add("visitorId", visitorId).build())));
        visitors.put(key, visitor);
        return visitor;
    }

    /**
     * Looks up together the visitors of {@code sessions} that this writer knows nothing of yet, in as few
     * requests as the filter length allows, so that a burst of new visitors costs a lookup per few dozen rather
     * than one each. Only saves requests: when it fails, each visitor is looked up on its own as before.
     */
    public void lookUpVisitors(Collection<SessionStart> sessions) {
        Map<String, Set<String>> unknownByWebsite = new LinkedHashMap<>();
        for (SessionStart start : sessions) {
            String key = key(start.websiteId(), start.visitorId());
            if (visitors.get(key) == null && visitorsWithoutRecord.get(key) == null
                    && !creates.unanswered(RecordIds.derived(VISITORS, start.websiteId(), start.visitorId()))) {
                unknownByWebsite.computeIfAbsent(start.websiteId(), website -> new LinkedHashSet<>())
                        .add(start.visitorId());
            }
        }
        try {
            unknownByWebsite.forEach((website, visitorIds) -> lookUpVisitors(website, visitorIds));
        } catch (PocketBaseException e) {
            LOG.log(Level.FINE, "Skopos looks visitors up one by one after a lookup of many failed", e);
        }
    }

    private void lookUpVisitors(String websiteId, Set<String> visitorIds) {
        List<String> batch = new ArrayList<>();
        int length = 0;
        for (String visitorId : visitorIds) {
            int cost = visitorId.length() + " || visitorId = \"\"".length();
            if (length + cost > MAX_LOOKUP_FILTER && !batch.isEmpty()) {
                lookUpBatch(websiteId, batch);
                batch.clear();
                length = 0;
            }
            batch.add(visitorId);
            length += cost;
        }
        if (!batch.isEmpty()) {
            lookUpBatch(websiteId, batch);
        }
    }

    private void lookUpBatch(String websiteId, List<String> visitorIds) {
        // room for visitors an older writer recorded twice; a full page may have missed some, so proves nothing
        int max = 2 * visitorIds.size();
        List<JsonObject> found = store.find(VISITORS,
                Filter.eq("website", websiteId).and(Filter.anyOf("visitorId", visitorIds)), max);
        for (JsonObject record : found) {
            visitors.put(key(websiteId, record.getString("visitorId")),
                    new VisitorRecord(record.getString("id"), false));
        }
        if (found.size() < max) {
            visitorIds.stream().map(visitorId -> key(websiteId, visitorId)).filter(key -> visitors.get(key) == null)
                    .forEach(key -> visitorsWithoutRecord.put(key, Boolean.TRUE));
        }
    }

    /**
     * Runs {@code write}; if PocketBase says a related record is gone (deleted behind the tracker's back),
     * forgets the cached visitor and session and runs it once more so the missing records are created anew.
     */
    private <T> T retryOnceIfRelationMissing(LiveSession session, Supplier<T> write) {
        try {
            return write.get();
        } catch (PocketBaseException e) {
            if (!e.isMissingRelation()) {
                throw e;
            }
            visitors.remove(key(session.start().websiteId(), session.start().visitorId()));
            session.forgetRecord();
            return write.get();
        }
    }

    private static String key(String websiteId, String id) {
        return websiteId + '/' + id;
    }
}
