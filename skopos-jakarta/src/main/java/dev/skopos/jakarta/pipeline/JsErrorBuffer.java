package dev.skopos.jakarta.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JS error reports merged by hash until the next flush; bounded in distinct errors. */
final class JsErrorBuffer {
    private final int capacity;
    private final Map<String, PendingJsError> pending = new LinkedHashMap<>();

    JsErrorBuffer(int capacity) {
        this.capacity = capacity;
    }

    static String hash(String message, String stackTrace) {
        String[] lines = stackTrace.split("\n", 3);
        return VisitorId.sha256Hex(message + "\n" + (lines.length > 1 ? lines[1] : ""));
    }

    /** Adds a report; false when the buffer already holds as many distinct errors as it may. */
    synchronized boolean add(String websiteId, LiveSession session, TrackedEvent event, Instant at) {
        PendingJsError report = new PendingJsError(hash(event.errorMessage(), event.stackTrace()), websiteId,
                session, event.errorMessage(), event.stackTrace(), event.url(), 1, at);
        if (!pending.containsKey(report.hash()) && pending.size() >= capacity) {
            return false;
        }
        pending.merge(report.hash(), report, PendingJsError::mergedWith);
        return true;
    }

    synchronized List<PendingJsError> takeAll() {
        List<PendingJsError> taken = new ArrayList<>(pending.values());
        pending.clear();
        return taken;
    }

    /** Returns reports that could not be written, merged with any that arrived since. */
    synchronized void putBack(Collection<PendingJsError> unwritten) {
        for (PendingJsError error : unwritten) {
            pending.merge(error.hash(), error, PendingJsError::mergedWith);
        }
    }

    synchronized int size() {
        return pending.size();
    }
}
