package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.intake.EventType;
import dev.skopos.jakarta.internal.intake.TrackedEvent;
import dev.skopos.jakarta.internal.visitors.Footprint;
import dev.skopos.jakarta.internal.visitors.LiveSession;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Optional;

/**
 * A record waiting in the write queue, in the order it was accepted; with the durable spool on, under the
 * sequence number of its entry there ({@link #NOT_SPOOLED} otherwise).
 */
public sealed interface PendingWrite {
    long NOT_SPOOLED = -1;

    /** Estimated heap bytes while queued, for the memory budget. */
    long footprint();

    /** How many accepted events this record delivers when written (see {@code Delivery}). */
    int events();

    /** The visitor it belongs to: all of a visitor's records are written in order, by one lane. */
    String visitorId();

    /**
     * An event of a session: a page view or custom event to write, or a JS error report, whose record the JS
     * error buffer writes but which counts for its session like any event.
     *
     * @param recordId             the id its {@code events} record is created under
     * @param discardShortSessions the website's setting when the event was accepted
     */
    record Event(LiveSession session, TrackedEvent event, Instant at, String recordId, boolean discardShortSessions,
                 long spoolSeq) implements PendingWrite {
        @Override
        public long footprint() {
            return Footprint.of(event) + Footprint.of(recordId);
        }

        @Override
        public String visitorId() {
            return session.start().visitorId();
        }

        /** None for a JS error: the report it belongs to is delivered through the JS error buffer. */
        @Override
        public int events() {
            return event.type() == EventType.JS_ERROR ? 0 : 1;
        }
    }

    /** A session ended (timeout, replacement or shutdown): its exit page counts now. Writes no record. */
    record SessionEnd(LiveSession session, long spoolSeq) implements PendingWrite {
        @Override
        public long footprint() {
            return Footprint.ENVELOPE;
        }

        @Override
        public int events() {
            return 0;
        }

        @Override
        public String visitorId() {
            return session.start().visitorId();
        }
    }

    /** Account fields for a visitor, from {@code identify}. */
    record Identify(String websiteId, String visitorId, JsonObject fields, long spoolSeq) implements PendingWrite {
        @Override
        public long footprint() {
            return Footprint.of(visitorId) + Footprint.ofJson(Optional.of(fields));
        }

        @Override
        public int events() {
            return 1;
        }
    }
}
