package dev.skopos.jakarta.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, as the benchmarks print it beside their figures. */
public final class LoadAverage {
    private LoadAverage() {
    }

    /** The 1-, 5- and 15-minute load averages, e.g. {@code 1.52 1.20 0.98}. */
    public static String now() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
