package dev.skopos.jakarta.testing;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What one logger publishes while the capture is open: {@code try (LogCapture log = LogCapture.of(X.class))}. */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        logger.addHandler(this);
    }

    public static LogCapture of(Class<?> loggingClass) {
        return new LogCapture(Logger.getLogger(loggingClass.getName()));
    }

    /** Everything the library logs, from all its classes. */
    public static LogCapture ofLibrary() {
        return new LogCapture(Logger.getLogger("dev.skopos.jakarta"));
    }

    /** Every message logged at any level this capture saw, with its parameters. */
    public List<String> allMessages() {
        return records.stream().map(record -> record.getMessage() + " " + Arrays.toString(
                record.getParameters()) + " " + record.getThrown()).toList();
    }

    /** The messages logged at exactly {@code level}. */
    public List<String> messages(Level level) {
        return records.stream().filter(record -> record.getLevel().equals(level)).map(LogRecord::getMessage).toList();
    }

    /** Whether anything was logged above {@code level}. */
    public boolean anyAbove(Level level) {
        return records.stream().anyMatch(record -> record.getLevel().intValue() > level.intValue());
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
