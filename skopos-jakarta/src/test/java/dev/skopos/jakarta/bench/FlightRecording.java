package dev.skopos.jakarta.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile");
        return new FlightRecording(pid, file);
    }

    /** Stops the recording and writes it to the file. */
    @Override
    public void close() {
        jcmd(pid, "JFR.stop", "name=" + NAME, "filename=" + file);
    }

    private static void jcmd(long pid, String... command) {
        List<String> arguments = new ArrayList<>(List.of("jcmd", String.valueOf(pid)));
        arguments.addAll(List.of(command));
        try {
            Process jcmd = new ProcessBuilder(arguments).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jcmd.waitFor(1, TimeUnit.MINUTES) || jcmd.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run jcmd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
