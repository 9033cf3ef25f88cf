package dev.skopos.jakarta.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time a process has used so far, user plus system, as the kernel counts it in {@code /proc/<pid>/stat}:
 * the same figure whatever the process runs, and independent of how busy the rest of the machine is. For a
 * JVM, the share of its JIT compiler threads too: compiling is a start-up cost, so it is told apart from the
 * work that stays.
 */
public final class ProcessCpu {
    private static final long TICKS_PER_SECOND = clockTicksPerSecond();
    private static final Pattern TRAILING_NUMBER = Pattern.compile("[-#]?\\d+$");

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
        return millisByThread(pid).values().stream().filter(thread -> isCompiler(thread.kind()))
                .mapToDouble(ThreadCpu::millis).sum();
    }

    /** Whether the threads of {@code kind} are the JIT compiler's. */
    public static boolean isCompiler(String kind) {
        return kind.startsWith("C1 CompilerThre") || kind.startsWith("C2 CompilerThre");
    }

    /**
     * A thread's CPU time so far, in milliseconds, and its kind: its name as the kernel keeps it (15 characters at
     * most) without a trailing number.
     */
    public record ThreadCpu(String kind, double millis) {
    }

    /**
     * CPU time each thread of {@code pid} has spent so far, by thread id, with its kind, so that a pool's threads
     * make one kind.
     */
    public static Map<String, ThreadCpu> millisByThread(long pid) {
        Map<String, ThreadCpu> byThread = new HashMap<>();
        try (Stream<Path> threads = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            threads.forEach(thread -> {
                String kind = TRAILING_NUMBER.matcher(threadName(thread)).replaceFirst("");
                try {
                    byThread.put(thread.getFileName().toString(),
                            new ThreadCpu(kind, millisOf(thread.resolve("stat"))));
                } catch (UncheckedIOException threadEnded) {
                    // its time is the process's only
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the threads of process " + pid, e);
        }
        return byThread;
    }

    /** The thread's name; empty once it has ended. */
    private static String threadName(Path thread) {
        try {
            return Files.readString(thread.resolve("comm")).strip();
        } catch (IOException threadEnded) {
            return "";
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
