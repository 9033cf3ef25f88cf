package dev.skopos.jakarta.internal.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs each of a bounded set of facts once, however often the tracker meets them: a missing field, a collection
 * the account may not read, the cause of a failure nobody foresaw ({@link UnforeseenFailures}). Keyed by what is
 * said, so each fact has a key of its own. Thread-safe.
 */
public final class OnceLog {
    private final Logger log;
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    public OnceLog(Logger log) {
        this.log = log;
    }

    public void info(String key, Supplier<String> message) {
        log(Level.INFO, key, message);
    }

    public void warning(String key, Supplier<String> message) {
        log(Level.WARNING, key, message);
    }

    /** Logs at SEVERE with {@code thrown}'s stack trace. */
    public void severe(String key, Supplier<String> message, Throwable thrown) {
        if (said.add(key)) {
            log.log(Level.SEVERE, thrown, message);
        }
    }

    private void log(Level level, String key, Supplier<String> message) {
        if (said.add(key)) {
            log.log(level, message);
        }
    }
}
