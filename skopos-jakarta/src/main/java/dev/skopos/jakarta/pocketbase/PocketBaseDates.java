package dev.skopos.jakarta.pocketbase;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** PocketBase's date format, {@code 2026-01-31 12:00:00.000Z}, as its date fields store and compare it. */
public final class PocketBaseDates {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private PocketBaseDates() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
