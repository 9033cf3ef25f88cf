package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.visitors.LiveSession;

import java.time.Instant;

/**
 * Reports of one JS error merged in memory since the last flush.
 *
 * @param hash       SHA-256 of the message and the second stack line
 * @param websiteId  the website's record id
 * @param session    the session of the first report
 * @param message    error message as stored
 * @param stackTrace stack trace as received (cut when stored)
 * @param url        page URL of the first report
 * @param count      reports merged
 * @param lastSeen   time of the latest report
 */
public record PendingJsError(String hash, String websiteId, LiveSession session, String message, String stackTrace,
                      String url, int count, Instant lastSeen) {

    public PendingJsError mergedWith(PendingJsError other) {
        return new PendingJsError(hash, websiteId, session, message, stackTrace, url, count + other.count,
                lastSeen.isAfter(other.lastSeen) ? lastSeen : other.lastSeen);
    }
}
