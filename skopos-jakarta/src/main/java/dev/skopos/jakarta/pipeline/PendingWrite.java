package dev.skopos.jakarta.pipeline;

import jakarta.json.JsonObject;

/** A record waiting in the write queue, in the order it was accepted. */
sealed interface PendingWrite {

    /** A page view or custom event of a session. */
    record Event(LiveSession session, TrackedEvent event) implements PendingWrite {
    }

    /** Account fields for a visitor, from {@code identify}. */
    record Identify(String websiteId, String visitorId, JsonObject fields) implements PendingWrite {
    }
}
