package dev.skopos.jakarta.internal.visitors;

import dev.skopos.jakarta.internal.intake.EventType;

import java.time.Instant;

/**
 * What the daily summary counts of one written event: its type, the key it counts under (the page's path, the
 * custom event's name or the error's message) and when it happened.
 */
public record CountedEvent(EventType type, String key, Instant at) {
}
