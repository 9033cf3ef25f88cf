package dev.skopos.jakarta.internal.store;

import java.time.Instant;

/**
 * What an error's record held before a write added reports to it: the write sets the record to this count plus
 * the reports, so a crash after PocketBase saved it, before the reports counted as written, is mended by adding
 * them to this count again, not to the count PocketBase holds now.
 *
 * @param hash     the error's hash
 * @param recordId the error record's id
 * @param lastSeen the record's time of the latest report ({@link Instant#EPOCH} for none)
 * @param creates  whether the write creates the record (then under its derived id, holding none before)
 */
public record JsErrorBase(String websiteId, String hash, String recordId, long count, Instant lastSeen,
                          boolean creates) {
}
