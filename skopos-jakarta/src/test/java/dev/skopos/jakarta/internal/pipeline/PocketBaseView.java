package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.internal.visitors.VisitorId;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What a test reads back from PocketBase about one visitor of the default Chrome user agent. */
final class PocketBaseView {
    private final PocketBaseServer pocketBase;

    PocketBaseView(PocketBaseServer pocketBase) {
        this.pocketBase = pocketBase;
    }

    String visitorIdOf(String ip) {
        return VisitorId.of(pocketBase.trackingId(), Optional.of(ip), Optional.of(TrackerHarness.CHROME));
    }

    List<JsonObject> visitors(String ip) {
        return pocketBase.admin().list("visitors", "visitorId = '" + visitorIdOf(ip) + "'");
    }

    List<JsonObject> sessions(String ip) {
        List<JsonObject> visitors = visitors(ip);
        return visitors.isEmpty() ? List.of()
                : pocketBase.admin().list("sessions", "visitor = '" + visitors.get(0).getString("id") + "'");
    }

    JsonObject onlySession(String ip) {
        List<JsonObject> sessions = sessions(ip);
        if (sessions.size() != 1) {
            throw new AssertionError("expected one session for " + ip + ", found " + sessions);
        }
        return sessions.get(0);
    }

    List<JsonObject> events(JsonObject session) {
        return pocketBase.admin().list("events", "session = '" + session.getString("id") + "'");
    }

    /** All events of all sessions of the visitor at {@code ip}, oldest first. */
    List<JsonObject> events(String ip) {
        return sessions(ip).stream().flatMap(session -> events(session).stream()).toList();
    }

    List<JsonObject> jsErrors() {
        return pocketBase.admin().list("js_errors", null);
    }

    /** The {@code summary} of the test website's one {@code dash_sum} record of {@code day} (yyyy-MM-dd). */
    JsonObject summaryOf(String day) {
        List<JsonObject> days = pocketBase.admin().list("dash_sum", "date = '" + day + " 00:00:00.000Z'");
        assertThat(days).as("dash_sum records of %s", day).hasSize(1);
        assertThat(days.get(0).getString("website")).isEqualTo(pocketBase.websiteId());
        return days.get(0).getJsonObject("summary");
    }

    /** A breakdown list of a summary as key → count. */
    static Map<String, Long> breakdown(JsonObject summary, String name) {
        Map<String, Long> counts = new HashMap<>();
        summary.getJsonArray(name).getValuesAs(JsonObject.class).forEach(entry ->
                counts.put(entry.getString("key"), entry.getJsonNumber("count").longValue()));
        return counts;
    }
}
