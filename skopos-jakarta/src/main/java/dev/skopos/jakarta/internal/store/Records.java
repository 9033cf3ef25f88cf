package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.intake.EventType;
import dev.skopos.jakarta.internal.intake.TrackedEvent;
import dev.skopos.jakarta.internal.pocketbase.Filter;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.pocketbase.RecordIds;
import dev.skopos.jakarta.internal.store.JsErrorRecords.FirstReport;
import dev.skopos.jakarta.internal.store.JsErrorRecords.StoredCount;
import dev.skopos.jakarta.internal.support.BoundedCache;
import dev.skopos.jakarta.internal.support.OnceLog;
import dev.skopos.jakarta.internal.support.UnforeseenFailures;
import dev.skopos.jakarta.internal.visitors.LiveSession;
import dev.skopos.jakarta.internal.visitors.SessionStates;
import dev.skopos.jakarta.internal.visitors.SessionStart;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * Writes visitors, sessions, events and JS errors in the shapes the Skopos dashboard reads. The writer's lanes
 * plan their records' writes into a {@link WritePlan}, which sends them one by one or in batches; what a write
 * teaches the tracker (a visitor's record id, a session stored) is learnt once it has landed. Every record is
 * created under an id the tracker chose, and every update writes absolute values, so a write repeated after a
 * lost answer never doubles a record or a count. Keeps the ids of visitors it has written, and the counts of JS
 * errors, so each costs one lookup at most. Called by the lanes side by side, never for the same visitor at once,
 * and by the JS error flush for the errors of sessions already written.
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
    private final BatchWrites batches;
    private final SessionStates sessions;
    private final IdempotentCreates creates;
    private final JsErrorRecords jsErrors;
    /** The record ids of visitors this writer found or created. */
    private final BoundedCache<String, String> visitors;
    private final BoundedCache<String, StoredCount> jsErrorCounts;
    private final Set<String> absentVisitorFields = ConcurrentHashMap.newKeySet();
    private final OnceLog onceLog = new OnceLog(LOG);
    private final UnforeseenFailures unforeseen = new UnforeseenFailures(LOG);

    /**
     * @param batches  how many writes go to PocketBase in one request
     * @param sessions told when a session's visitor is looked up, which may settle whether the visitor is new
     */
    public Records(RecordStore store, BatchWrites batches, SessionStates sessions, int visitorCacheSize,
                   int jsErrorCacheSize) {
        this.store = store;
        this.batches = batches;
        this.sessions = sessions;
        this.creates = new IdempotentCreates(store);
        this.jsErrors = new JsErrorRecords(store, creates);
        this.visitors = new BoundedCache<>(visitorCacheSize);
        this.jsErrorCounts = new BoundedCache<>(jsErrorCacheSize);
    }

    /**
     * A plan for one flush of a lane, sent the way PocketBase takes writes now, that may create the records of
     * {@code sessions} and of their visitors: those visitors this writer knows nothing of are looked up together
     * first, in as few requests as the filter length allows, so that a burst of new visitors costs a lookup per
     * few dozen rather than one each. What the lookup found stays with the plan: however many visitors it holds,
     * none of them is looked up again while the plan is made. The lookup only saves requests: when it fails,
     * however it fails, each visitor is looked up on its own as before.
     */
    public WritePlan plan(Collection<SessionStart> sessions) {
        LookedUpVisitors lookedUp = new LookedUpVisitors();
        lookUpVisitors(sessions, lookedUp);
        return new WritePlan(store, creates, batches, unforeseen, lookedUp);
    }

    /** Plans the event's record, after those of its visitor and session where they have none yet. */
    public void writeEvent(PendingWrite.Event pending, WritePlan plan) {
        TrackedEvent event = pending.event();
        JsonObjectBuilder record = JSON.createObjectBuilder()
                .add("type", event.type().wireName())
                .add("path", event.path());
        if (event.type() == EventType.CUSTOM) {
            record.add("eventName", event.name());
        }
        event.customData().ifPresent(data -> record.add("eventData", data));
        LiveSession session = pending.session();
        JsonObject fields = record.add("session", ensureSession(session, plan)).build();
        plan.create(EVENTS, pending.recordId(), () -> fields, true, outcome -> { }, () -> forget(session));
    }

    /**
     * Plans moving the session record's {@code updated} to now if events were recorded since it was last written,
     * carrying the exit path when it changed. A record deleted behind the tracker's back is created anew when the
     * lane plans again.
     */
    public void updateSession(LiveSession session, WritePlan plan) {
        if (!session.needsUpdate()) {
            return;
        }
        LiveSession.Snapshot now = sessions.toWrite(session);
        JsonObject changes = session.exitPathChangedSince(now)
                ? JSON.createObjectBuilder().add("exitPath", now.exitPath()).build()
                : JsonObject.EMPTY_JSON_OBJECT;
        plan.update(SESSIONS, session.recordId(), changes, stored -> session.stored(now), session::forgetRecord);
    }

    /**
     * Plans writing account fields on the visitor's record. A field the installation's {@code visitors}
     * collection lacks (today's dashboard has no {@code email}) shows as missing from the record PocketBase
     * answers with: that is said once, and the field is left out from then on.
     */
    public void identify(String websiteId, String visitorId, JsonObject fields, WritePlan plan) {
        JsonObject known = withoutAbsentFields(fields);
        plan.update(VISITORS, visitorRecord(websiteId, visitorId, plan, createsRecord -> { }, ours -> { }).id(), known,
                stored -> known.keySet().stream().filter(field -> !stored.containsKey(field))
                        .forEach(this::visitorFieldAbsent),
                () -> visitors.remove(key(websiteId, visitorId)));
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
     * same total again instead of adding twice. {@code sending} hears, before each write is sent, what the
     * record held before it.
     */
    public void addJsErrors(PendingJsError error, Consumer<JsErrorBase> sending) {
        String key = key(error.websiteId(), error.hash());
        String ourId = JsErrorRecords.derivedId(error.websiteId(), error.hash());
        StoredCount stored = jsErrorCounts.get(key);
        if (stored == null && !creates.unanswered(ourId)) {
            stored = jsErrors.find(error.websiteId(), error.hash()).orElse(null);
        }
        if (stored == null) {
            sending.accept(new JsErrorBase(error.websiteId(), error.hash(), ourId, 0, Instant.EPOCH, true));
            IdempotentCreates.Outcome outcome = createJsError(error, ourId);
            if (outcome == IdempotentCreates.Outcome.CREATED) {
                jsErrorCounts.put(key, new StoredCount(ourId, error.count(), error.lastSeen()));
                return;
            }
            // an earlier attempt's record holds only reports among these; another instance's, reports of its own
            stored = outcome.ours() ? new StoredCount(ourId, 0, Instant.EPOCH) : jsErrors.get(ourId);
            jsErrorCounts.put(key, stored);
        }
        long total = stored.count() + error.count();
        Instant lastSeen = stored.latest(error.lastSeen());
        sending.accept(new JsErrorBase(error.websiteId(), error.hash(), stored.id(), stored.count(),
                stored.lastSeen(), false));
        jsErrors.update(stored.id(), total, lastSeen);
        jsErrorCounts.put(key, new StoredCount(stored.id(), total, lastSeen));
    }

    /**
     * An error whose write may have landed before a crash, with its reports not counted as written: its reports,
     * handed back, are added to what the record held before that write, not to what it may hold now.
     */
    public void resumeJsErrorCount(JsErrorBase base) {
        if (base.creates()) {
            creates.attempted(base.recordId());
        } else {
            jsErrorCounts.put(key(base.websiteId(), base.hash()), new StoredCount(base.recordId(), base.count(),
                    base.lastSeen()));
        }
    }

    /**
     * Creates the error's record; if PocketBase says its session is gone (deleted behind the tracker's back),
     * creates the session anew first. Returns who created the record.
     */
    private IdempotentCreates.Outcome createJsError(PendingJsError error, String id) {
        try {
            return jsErrors.create(id, firstReport(error), error.count(), error.lastSeen());
        } catch (PocketBaseException e) {
            if (!e.isMissingRelation()) {
                throw e;
            }
            forget(error.session());
            WritePlan plan = plan(List.of());
            plan.beginUnit(WritePlan.Unit.failing());
            ensureSession(error.session(), plan);
            plan.endUnit();
            plan.send();
            return jsErrors.create(id, firstReport(error), error.count(), error.lastSeen());
        }
    }

    private static FirstReport firstReport(PendingJsError error) {
        return new FirstReport(error.websiteId(), error.session().recordId(), error.hash(), error.message(),
                error.stackTrace(), error.url());
    }

    /**
     * Plans the records of the session, and of its visitor, where they have none yet; returns the session's
     * record id. The session's fields are taken when its create is sent: its exit page is then the latest of the
     * events planned with it, and this writer knows whether it created the visitor's record, which makes the
     * visitor new.
     */
    public String ensureSession(LiveSession session, WritePlan plan) {
        if (session.isStored() || plan.plansCreate(session.recordId())) {
            return session.recordId();
        }
        SessionStart start = session.start();
        VisitorRecord visitor = visitorRecord(start.websiteId(), start.visitorId(), plan,
                createsRecord -> sessions.visitorLookedUp(session, createsRecord), session::visitorCreated);
        AtomicReference<LiveSession.Snapshot> sent = new AtomicReference<>();
        plan.create(SESSIONS, session.recordId(), () -> {
            LiveSession.Snapshot now = sessions.toWrite(session);
            sent.set(now);
            return sessionFields(start, visitor.id(), now.exitPath(), session.newVisitor() || visitor.created());
        }, false, outcome -> {
            if (outcome == IdempotentCreates.Outcome.CREATED) {
                session.stored(sent.get());
            } else {
                session.storedEarlier();
            }
        }, () -> visitors.remove(key(start.websiteId(), start.visitorId())));
        return session.recordId();
    }

    /** The session's record, or its visitor's, is gone from PocketBase: both are created anew when next needed. */
    private void forget(LiveSession session) {
        visitors.remove(key(session.start().websiteId(), session.start().visitorId()));
        session.forgetRecord();
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

    /**
     * A visitor's record id, and whether this writer creates the record for the session at hand: until the create
     * has landed, that it will, which is what a session created in the same batch records.
     */
    private static final class VisitorRecord {
        private final String id;
        private volatile boolean created;

        VisitorRecord(String id, boolean created) {
            this.id = id;
            this.created = created;
        }

        String id() {
            return id;
        }

        boolean created() {
            return created;
        }
    }

    /**
     * The visitor's record, planned for creation if it has none; {@code lookedUp} hears, before any create,
     * whether this writer is about to create it, and {@code createdHere}, once the create landed, whether this
     * writer created it (a session of a visitor it created stays a new visitor's, also when its own create is
     * repeated). Its id is derived from website and visitor id, so two instances,
     * or a retry after a lost answer, meet on the same record; a record an older writer created under another id
     * is found by its visitor id.
     */
    private VisitorRecord visitorRecord(String websiteId, String visitorId, WritePlan plan,
                                        Consumer<Boolean> lookedUp, Consumer<Boolean> createdHere) {
        String key = key(websiteId, visitorId);
        String ourId = RecordIds.derived(VISITORS, websiteId, visitorId);
        String known = plan.plansCreate(ourId) ? ourId : knownRecordId(key, plan);
        if (known != null) {
            lookedUp.accept(false);
            return new VisitorRecord(known, false);
        }
        boolean knownWithoutRecord = plan.lookedUpVisitors().takeWithoutRecord(key);
        Optional<JsonObject> existing = knownWithoutRecord || creates.unanswered(ourId) ? Optional.empty()
                : store.findFirst(VISITORS, Filter.eq("visitorId", visitorId).and(Filter.eq("website", websiteId)));
        lookedUp.accept(existing.isEmpty());
        if (existing.isPresent()) {
            visitors.put(key, existing.get().getString("id"));
            return new VisitorRecord(existing.get().getString("id"), false);
        }
        VisitorRecord planned = new VisitorRecord(ourId, true);
        JsonObject fields = JSON.createObjectBuilder().add("website", websiteId).add("visitorId", visitorId).build();
        plan.create(VISITORS, ourId, () -> fields, false, outcome -> {
            planned.created = outcome.ours();
            visitors.put(key, ourId);
            createdHere.accept(outcome.ours());
        }, () -> { });
        return planned;
    }

    private String knownRecordId(String visitorKey, WritePlan plan) {
        String found = plan.lookedUpVisitors().recordId(visitorKey);
        return found != null ? found : visitors.get(visitorKey);
    }

    /**
     * Looks up together the visitors of {@code sessions} that this writer knows nothing of yet; those it knows are
     * taken into the lookup as they are now, which other lanes filling the cache cannot then take away.
     */
    private void lookUpVisitors(Collection<SessionStart> sessions, LookedUpVisitors lookedUp) {
        Map<String, Set<String>> unknownByWebsite = new LinkedHashMap<>();
        for (SessionStart start : sessions) {
            String key = key(start.websiteId(), start.visitorId());
            String cached = visitors.get(key);
            if (cached != null) {
                lookedUp.found(key, cached);
            } else if (!creates.unanswered(RecordIds.derived(VISITORS, start.websiteId(), start.visitorId()))) {
                unknownByWebsite.computeIfAbsent(start.websiteId(), website -> new LinkedHashSet<>())
                        .add(start.visitorId());
            }
        }
        try {
            unknownByWebsite.forEach((website, visitorIds) -> lookUpVisitors(website, visitorIds, lookedUp));
        } catch (PocketBaseException e) {
            LOG.log(Level.FINE, "Skopos looks visitors up one by one after a lookup of many failed", e);
        } catch (RuntimeException e) {
            unforeseen.failed("looks visitors up one by one", e);
        }
    }

    private void lookUpVisitors(String websiteId, Set<String> visitorIds, LookedUpVisitors lookedUp) {
        List<String> batch = new ArrayList<>();
        int length = 0;
        for (String visitorId : visitorIds) {
            int cost = visitorId.length() + " || visitorId = \"\"".length();
            if (length + cost > MAX_LOOKUP_FILTER && !batch.isEmpty()) {
                lookUpBatch(websiteId, batch, lookedUp);
                batch.clear();
                length = 0;
            }
            batch.add(visitorId);
            length += cost;
        }
        if (!batch.isEmpty()) {
            lookUpBatch(websiteId, batch, lookedUp);
        }
    }

    private void lookUpBatch(String websiteId, List<String> visitorIds, LookedUpVisitors lookedUp) {
        // room for visitors an older writer recorded twice; a full page may have missed some, so proves nothing
        int max = 2 * visitorIds.size();
        List<JsonObject> found = store.find(VISITORS,
                Filter.eq("website", websiteId).and(Filter.anyOf("visitorId", visitorIds)), max);
        for (JsonObject record : found) {
            String key = key(websiteId, record.getString("visitorId"));
            lookedUp.found(key, record.getString("id"));
            visitors.put(key, record.getString("id"));
        }
        if (found.size() < max) {
            visitorIds.stream().map(visitorId -> key(websiteId, visitorId))
                    .filter(key -> lookedUp.recordId(key) == null).forEach(lookedUp::withoutRecord);
        }
    }

    private static String key(String websiteId, String id) {
        return websiteId + '/' + id;
    }
}
