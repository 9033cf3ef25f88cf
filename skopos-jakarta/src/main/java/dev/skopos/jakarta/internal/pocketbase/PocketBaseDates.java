package dev.skopos.jakarta.internal.pocketbase;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** PocketBase's date format, {@code 2026-01-31 12:00:00.000Z}, as its date fields store and compare it. */
public final class PocketBaseDates {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private PocketBaseDates() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /** The instant a date field holds; empty for an empty field, or a value not in PocketBase's format. */
    public static Optional<Instant> parse(String value) {
        try {
            return Optional.of(FORMAT.parse(value, Instant::from));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
