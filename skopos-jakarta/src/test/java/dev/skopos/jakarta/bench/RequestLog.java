package dev.skopos.jakarta.bench;

import dev.skopos.jakarta.testing.PocketBaseAdmin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Requests counted from PocketBase's own request log, which PocketBase writes in batches, seconds late. */
final class RequestLog {
    private static final DateTimeFormatter POCKETBASE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private RequestLog() {
    }

    /** A log filter for requests made from {@code from} up to {@code to}. */
    static String between(Instant from, Instant to) {
        return "created >= '" + POCKETBASE_TIME.format(from) + "' && created <= '" + POCKETBASE_TIME.format(to) + "'";
    }

    /** How many requests made so far match {@code filter}, once the log has caught up with them. */
    static int count(PocketBaseAdmin admin, String filter) {
        admin.awaitRequestLogCaughtUp();
        return admin.loggedRequests(filter);
    }
}
