package dev.skopos.jakarta.internal.store;

import jakarta.json.JsonObject;

import java.time.LocalDate;

/**
 * A write of a day's whole {@code dash_sum} summary: what the record holds once PocketBase saved it. Sending it
 * again sets the same figures, never adds them twice.
 *
 * @param recordId the day record's id
 * @param website  the website's record id
 */
public record DayWrite(LocalDate day, String recordId, String website, JsonObject summary) {
}
