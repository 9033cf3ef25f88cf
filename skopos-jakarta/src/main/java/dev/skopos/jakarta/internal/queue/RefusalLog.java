package dev.skopos.jakarta.internal.queue;

import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Logs records PocketBase refused for good, a bounded number of times: a schema change that refuses every
 * record must not flood the server's log. The first refusals are logged at WARNING, with a last line saying
 * that the rest are only counted (in the tracker's status) and logged at FINE.
 */
final class RefusalLog {
    static final int LOGGED_AT_WARNING = 10;

    private final Logger log;
    private final AtomicInteger logged = new AtomicInteger();

    RefusalLog(Logger log) {
        this.log = log;
    }

    void refused(String what, PocketBaseException e) {
        int count = logged.incrementAndGet();
        if (count > LOGGED_AT_WARNING) {
            log.fine(() -> "Skopos dropped " + what + " PocketBase refused: " + e.getMessage());
            return;
        }
        log.warning("Skopos dropped " + what + " PocketBase refused: " + e.getMessage()
                + (count == LOGGED_AT_WARNING ? " (further refusals are counted in the tracker's status and logged"
                + " at FINE)" : ""));
    }
}
