package dev.skopos.jakarta.bench;

import dev.skopos.jakarta.testing.PocketBaseAdmin;
import dev.skopos.jakarta.testing.PocketBaseServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A re-creation of the reference Node SDK's request pattern, made by the thread that received the event: the
 * visitor looked up and created once, then a new session and the event for every event (the reference starts a
 * session per back-to-back event), about 2.2 requests per event. It is not the reference SDK itself, which does
 * more per event (measured separately, it landed 330–370 events/s where this lands about 200).
 */
final class ReferencePattern {
    static final String AGENT = "skopos-benchmark-baseline";

    private final PocketBaseAdmin client;
    private final String website;
    private final Map<Integer, String> visitorRecords = new ConcurrentHashMap<>();

    ReferencePattern(PocketBaseServer pocketBase) {
        this.client = pocketBase.admin().withUserAgent(AGENT);
        this.website = pocketBase.websiteId();
    }

    void receive(int visitor, String path) {
        String visitorRecord = visitorRecords.computeIfAbsent(visitor, this::findOrCreateVisitor);
        String session = client.create("sessions", Json.createObjectBuilder()
                .add("website", website).add("visitor", visitorRecord)
                .add("entryPath", path).add("exitPath", path).add("device", "desktop").build())
                .getString("id");
        client.create("events", Json.createObjectBuilder().add("session", session).add("type", "pageView")
                .add("path", path).build());
    }

    private String findOrCreateVisitor(int visitor) {
        String visitorId = "baseline-" + visitor;
        List<JsonObject> found = client.list("visitors", "visitorId = '" + visitorId + "'");
        return found.isEmpty()
                ? client.create("visitors", Json.createObjectBuilder().add("website", website)
                .add("visitorId", visitorId).build()).getString("id")
                : found.get(0).getString("id");
    }
}
