package dev.skopos.jakarta.internal.visitors;

import dev.skopos.jakarta.internal.intake.EventType;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.time.Instant;
import java.util.Optional;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * A visitor's live session as the instances of the tracker share it: what any of them needs to go on with it
 * (its record id, start and first event's details) and what they learn of it from each other (its last event,
 * exit page and how far the daily summary counted it). Stored as JSON text, so the engine never needs the
 * tracker's classes.
 *
 * @param id        the session record's id
 * @param startedAt when its first event arrived
 * @param lastSeen  when its latest event arrived, on any instance
 * @param exitPath  the path of its latest event
 * @param first     what its first event said: entry page, referrer, screen, language
 * @param newVisitor whether its visitor is new, once the first instance to look its visitor up settled it; or null
 * @param inSummary     how far the daily summary has counted it
 * @param previous  the visitor's session before this one, while no instance has yet counted its end; or null
 */
public record SharedVisit(String id, Instant startedAt, Instant lastSeen, String exitPath, FirstEvent first,
                          Boolean newVisitor, SessionInSummary inSummary, SharedVisit previous) {

    /** What a session's first event said, which its record and its summary keep. */
    public record FirstEvent(String entryPath, String referrer, Optional<Integer> screenWidth,
                             Optional<Integer> screenHeight, Optional<String> language) {
        static FirstEvent of(SessionStart start) {
            return new FirstEvent(start.entryPath(), start.referrer(), start.screenWidth(), start.screenHeight(),
                    start.language());
        }
    }

    static SharedVisit started(String id, SessionStart start, Instant at) {
        return new SharedVisit(id, at, at, start.entryPath(), FirstEvent.of(start), null, SessionInSummary.NONE, null);
    }

    /** The session as this instance records it: the visitor's own details from {@code local}, the rest shared. */
    SessionStart startFor(SessionStart local) {
        return new SessionStart(local.websiteId(), local.visitorId(), local.agent(), first.screenWidth(),
                first.screenHeight(), first.language(), first.entryPath(), first.referrer(), local.ipAddress(),
                local.location());
    }

    /**
     * With an event on {@code path} at {@code at}. Instances record their events in any order; an event older
     * than the latest one recorded keeps the session alive no longer and leaves the exit page as it is.
     */
    SharedVisit withEvent(String path, Instant at) {
        if (at.isBefore(lastSeen)) {
            return this;
        }
        return new SharedVisit(id, startedAt, at, path, first, newVisitor, inSummary, previous);
    }

    SharedVisit withInSummary(SessionInSummary changed) {
        return new SharedVisit(id, startedAt, lastSeen, exitPath, first, newVisitor, changed, previous);
    }

    SharedVisit withPrevious(SharedVisit ended) {
        return new SharedVisit(id, startedAt, lastSeen, exitPath, first, newVisitor, inSummary, ended);
    }

    SharedVisit withNewVisitor(boolean settled) {
        return new SharedVisit(id, startedAt, lastSeen, exitPath, first, settled, inSummary, previous);
    }

    String toJson() {
        return json().build().toString();
    }

    private JsonObjectBuilder json() {
        JsonObjectBuilder visit = JSON.createObjectBuilder().add("id", id)
                .add("startedAt", startedAt.toEpochMilli()).add("lastSeen", lastSeen.toEpochMilli())
                .add("exitPath", exitPath).add("entryPath", first.entryPath()).add("referrer", first.referrer())
                .add("written", inSummary.eventsWritten()).add("counted", inSummary.counted())
                .add("engaged", inSummary.engaged());
        first.screenWidth().ifPresent(width -> visit.add("screenWidth", width));
        first.screenHeight().ifPresent(height -> visit.add("screenHeight", height));
        first.language().ifPresent(language -> visit.add("language", language));
        if (newVisitor != null) {
            visit.add("newVisitor", newVisitor);
        }
        if (inSummary.deferred() != null) {
            CountedEvent deferred = inSummary.deferred();
            visit.add("deferred", JSON.createObjectBuilder().add("type", deferred.type().wireName())
                    .add("key", deferred.key()).add("at", deferred.at().toEpochMilli()));
        }
        if (previous != null) {
            visit.add("previous", previous.json());
        }
        return visit;
    }

    static SharedVisit parse(String text) {
        return of(JSON.createReader(new StringReader(text)).readObject());
    }

    private static SharedVisit of(JsonObject json) {
        CountedEvent deferred = null;
        if (json.get("deferred") instanceof JsonObject event) {
            deferred = new CountedEvent(EventType.fromWire(event.getString("type")).orElseThrow(),
                    event.getString("key"), Instant.ofEpochMilli(event.getJsonNumber("at").longValue()));
        }
        FirstEvent first = new FirstEvent(json.getString("entryPath"), json.getString("referrer"),
                number(json, "screenWidth"), number(json, "screenHeight"),
                json.get("language") instanceof JsonString language ? Optional.of(language.getString())
                        : Optional.empty());
        SessionInSummary inSummary = new SessionInSummary(json.getInt("written"), json.getBoolean("counted"),
                json.getBoolean("engaged"), deferred);
        JsonValue previous = json.get("previous");
        Boolean newVisitor = json.containsKey("newVisitor") ? json.getBoolean("newVisitor") : null;
        return new SharedVisit(json.getString("id"), Instant.ofEpochMilli(json.getJsonNumber("startedAt").longValue()),
                Instant.ofEpochMilli(json.getJsonNumber("lastSeen").longValue()), json.getString("exitPath"), first,
                newVisitor, inSummary, previous instanceof JsonObject ended ? of(ended) : null);
    }

    private static Optional<Integer> number(JsonObject json, String field) {
        return json.get(field) instanceof JsonNumber number ? Optional.of(number.intValue()) : Optional.empty();
    }
}
