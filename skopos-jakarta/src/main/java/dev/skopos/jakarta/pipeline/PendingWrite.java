package dev.skopos.jakarta.pipeline;

import jakarta.json.JsonObject;

import java.time.Instant;

/** A record waiting in the write queue, in the order it was accepted. */
sealed interface PendingWrite {

    /**
     * An event of a session: a page view or custom event to write, or a JS error report, whose record the JS
     * error buffer writes but which counts for its session like any event.
     *
     * @param recordId             the id its {@code events} record is created under
     * @param discardShortSessions the website's setting when the event was accepted
     */
    record Event(LiveSession session, TrackedEvent event, Instant at, String recordId, boolean discardShortSessions)
            implements PendingWrite {
    }

    /** A session ended (timeout, replacement or shutdown): its exit page counts now. Writes no record. */
    record SessionEnd(LiveSession session) implements PendingWrite {
    }

    /** Account fields for a visitor, from {@code identify}. */
    record Identify(String websiteId, String visitorId, JsonObject fields) implements PendingWrite {
    }
}
