package dev.skopos.jakarta.internal.visitors;

import dev.skopos.jakarta.internal.budget.MemoryBudget;
import dev.skopos.jakarta.internal.intake.TrackedEvent;
import jakarta.json.JsonObject;

import java.util.Optional;

/**
 * Estimated heap bytes of what the tracker holds, for the {@link MemoryBudget}: generous rather than exact,
 * object headers and references included, strings at two bytes a character, parsed JSON at four times its
 * text.
 */
public final class Footprint {
    private static final int OBJECT = 64;
    /** A small record holding references only. */
    public static final long ENVELOPE = OBJECT;
    private static final int JSON_PER_CHARACTER = 8;

    private Footprint() {
    }

    public static long of(String text) {
        return OBJECT + 2L * text.length();
    }

    public static long of(Optional<String> text) {
        return text.map(Footprint::of).orElse(0L);
    }

    public static long ofJson(Optional<JsonObject> json) {
        return json.map(object -> OBJECT + (long) JSON_PER_CHARACTER * object.toString().length()).orElse(0L);
    }

    /** A queued event: its record's fields and the envelope around them. */
    public static long of(TrackedEvent event) {
        return 4 * OBJECT + of(event.name()) + of(event.url()) + of(event.path()) + of(event.referrer())
                + of(event.language()) + ofJson(event.customData()) + of(event.errorMessage())
                + of(event.stackTrace());
    }

    /** A live session with what it keeps of its first event. */
    public static long of(SessionStart start) {
        return 8 * OBJECT + of(start.websiteId()) + of(start.visitorId()) + of(start.entryPath())
                + of(start.referrer()) + of(start.language()) + of(start.ipAddress())
                // the exit path it will hold is at most a stored path, as long as the entry path at worst
                + of(start.entryPath());
    }
}
