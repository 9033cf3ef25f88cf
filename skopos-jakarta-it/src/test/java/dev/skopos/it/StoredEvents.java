package dev.skopos.it;

import jakarta.json.JsonObject;

import java.util.List;

import static dev.skopos.it.ItPocketBase.pocketBase;

/** The sessions and events PocketBase holds for a visitor. */
final class StoredEvents {
    /** The visitor of events recorded where no request is being served. */
    static final String SERVER_VISITOR = Browser.visitorId("unknown", "unknown");

    private StoredEvents() {
    }

    static List<JsonObject> sessionsOfVisitor(String visitorId) {
        List<JsonObject> visitors = pocketBase().admin().list("visitors", "visitorId = '" + visitorId + "'");
        return visitors.isEmpty() ? List.of()
                : pocketBase().admin().list("sessions", "visitor = '" + visitors.get(0).getString("id") + "'");
    }

    /** The visitor's events in all their sessions. */
    static List<JsonObject> eventsOfVisitor(String visitorId) {
        return sessionsOfVisitor(visitorId).stream()
                .flatMap(session -> pocketBase().admin()
                        .list("events", "session = '" + session.getString("id") + "'").stream())
                .toList();
    }

    /** The visitor's events of that name. */
    static List<JsonObject> eventsNamed(String visitorId, String eventName) {
        return eventsOfVisitor(visitorId).stream().filter(event -> event.getString("eventName").equals(eventName))
                .toList();
    }
}
