package dev.skopos.it.declared;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The warnings one logger publishes from when this is opened until it is closed. */
final class LoggedWarnings extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private LoggedWarnings(Logger logger) {
        this.logger = logger;
    }

    static LoggedWarnings of(Class<?> loggingClass) {
        LoggedWarnings warnings = new LoggedWarnings(Logger.getLogger(loggingClass.getName()));
        warnings.logger.addHandler(warnings);
        return warnings;
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void publish(LogRecord logRecord) {
        if (logRecord.getLevel().intValue() >= Level.WARNING.intValue()) {
            messages.add(logRecord.getMessage());
        }
    }

    @Override
    public void flush() {
        // kept in memory
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
