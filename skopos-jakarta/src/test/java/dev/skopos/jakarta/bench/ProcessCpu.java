package dev.skopos.jakarta.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time a process has used so far, user plus system, as the kernel counts it in {@code /proc/<pid>/stat}:
 * the same figure whatever the process runs, and independent of how busy the rest of the machine is. For a
 * JVM, the share of its JIT compiler threads too: compiling is a start-up cost, so it is told apart from the
 * work that stays.
 */
public final class ProcessCpu {
    private static final long TICKS_PER_SECOND = clockTicksPerSecond();

    private ProcessCpu() {
    }

    public static double millis(long pid) {
        return millisOf(Path.of("/proc", String.valueOf(pid), "stat"));
    }

    /**
     * CPU time the JVM {@code pid} has spent compiling so far: its JIT compiler threads' ({@code C1 CompilerThread},
     * {@code C2 CompilerThread}), which the kernel names in {@code /proc/<pid>/task/<tid>/comm}.
     */
    public static double compilerMillis(long pid) {
        try (Stream<Path> threads = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            return threads.filter(ProcessCpu::isCompilerThread).mapToDouble(thread -> millisOf(thread.resolve("stat")))
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the threads of process " + pid, e);
        }
    }

    private static boolean isCompilerThread(Path thread) {
        try {
            String name = Files.readString(thread.resolve("comm"));
            return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
        } catch (IOException threadEnded) {
            return false;
        }
    }

    private static double millisOf(Path stat) {
        try {
            String line = Files.readString(stat);
            // fields 14 and 15 (utime, stime); the command name before them may hold spaces, so count after ')'
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000.0 / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time in " + stat, e);
        }
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String ticks = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            getconf.waitFor();
            return Long.parseLong(ticks);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run getconf CLK_TCK", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
