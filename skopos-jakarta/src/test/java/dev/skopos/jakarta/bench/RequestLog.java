package dev.skopos.jakarta.bench;

import dev.skopos.jakarta.testing.PocketBaseAdmin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Requests counted from PocketBase's own request log, which PocketBase writes in batches, seconds late. */
final class RequestLog {
    private static final DateTimeFormatter POCKETBASE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** A record id at the end of a path: PocketBase's are 15 characters of {@code [a-z0-9]}. */
    private static final Pattern RECORD_ID = Pattern.compile("/records/[a-z0-9]{15}$");

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

    /**
     * The requests made so far that match {@code filter}, counted by kind: method and path, without the query and
     * with a record id replaced by {@code :id}.
     */
    static Map<String, Long> byKind(PocketBaseAdmin admin, String filter) {
        admin.awaitRequestLogCaughtUp();
        return admin.loggedRequestLines(filter).stream().map(RequestLog::kind)
                .collect(Collectors.groupingBy(kind -> kind, TreeMap::new, Collectors.counting()));
    }

    private static String kind(String line) {
        int query = line.indexOf('?');
        return RECORD_ID.matcher(query < 0 ? line : line.substring(0, query)).replaceFirst("/records/:id");
    }
}
