package dev.skopos.jakarta.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Diagnostic commands to another JVM on this machine, through the JDK's {@code jcmd}. */
final class Jcmd {
    private Jcmd() {
    }

    /** What {@code jcmd pid command…} printed; fails unless it succeeded within a minute. */
    static String run(long pid, String... command) {
        List<String> arguments = new ArrayList<>(List.of("jcmd", String.valueOf(pid)));
        arguments.addAll(List.of(command));
        try {
            Process jcmd = new ProcessBuilder(arguments).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jcmd.waitFor(1, TimeUnit.MINUTES) || jcmd.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run jcmd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
