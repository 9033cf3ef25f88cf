package dev.skopos.jakarta.bench;

import java.nio.file.Path;

/**
 * A Flight Recorder profile of another JVM, started and stopped through {@code jcmd}, so that it covers exactly
 * the measured phase. (Filtering a recording started with the JVM by wall-clock time is not reliable: on the
 * virtual machines here the recorded timestamps drift by minutes.)
 */
final class FlightRecording implements AutoCloseable {
    private static final String NAME = "skopos-throughput";

    private final long pid;
    private final Path file;

    private FlightRecording(long pid, Path file) {
        this.pid = pid;
        this.file = file;
    }

    static FlightRecording start(long pid, Path file) {
        Jcmd.run(pid, "JFR.start", "name=" + NAME, "settings=profile");
        return new FlightRecording(pid, file);
    }

    /** Stops the recording and writes it to the file. */
    @Override
    public void close() {
        Jcmd.run(pid, "JFR.stop", "name=" + NAME, "filename=" + file);
    }
}
