package dev.skopos.jakarta.bench;

import dev.skopos.jakarta.testing.PocketBaseServer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the JMH benchmarks share: JMH forks a JVM that gets the classpath but not the test's system properties,
 * so they are handed on as arguments; the forked JVM writes what it observes (lines of a report) to a file the
 * test reads afterwards; and the bytes the calling thread allocates per call are counted there, since JMH's
 * GC profiler charges every thread's allocations (a writer's, and JMH's own in sampling mode) to the calls; so
 * is its CPU time per call, which, unlike the time a call takes, leaves out the time the thread waits for a core
 * while others run on it: on a shared machine, a figure that other work hardly moves.
 */
public final class ForkedBenchmarks {
    private static final String REPORT_PROPERTY = "skopos.bench.report";
    private static final String ALLOCATION = "allocated by the caller\t";
    private static final String CPU = "cpu of the caller\t";
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ForkedBenchmarks() {
    }

    /** The argument that hands {@code systemProperty}, as this JVM has it, to the forked one. */
    public static String forwarded(String systemProperty) {
        return "-D" + systemProperty + "=" + System.getProperty(systemProperty);
    }

    /** What lets the forked JVM start a PocketBase and log as the tests do, and report to {@code report}. */
    public static String[] withPocketBase(Path report) {
        return Stream.of(PocketBaseServer.BINARY_PROPERTY, PocketBaseServer.SERVER_CONFIG_PROPERTY,
                        PocketBaseServer.WORK_DIR_PROPERTY, "java.util.logging.config.file")
                .map(ForkedBenchmarks::forwarded)
                .collect(Collectors.collectingAndThen(Collectors.toList(), arguments -> {
                    arguments.add("-D" + REPORT_PROPERTY + "=" + report);
                    return arguments.toArray(String[]::new);
                }));
    }

    /** Adds a line to the report, from the forked JVM. */
    public static void report(String line) throws IOException {
        Files.writeString(Path.of(System.getProperty(REPORT_PROPERTY)), line + System.lineSeparator(),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The bytes the calling thread allocated so far; take the difference around the calls to count. */
    public static long allocatedByThisThread() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Reports what {@code benchmark} allocated per call on the calling thread in one iteration. */
    public static void reportAllocation(String benchmark, long allocated, long calls) throws IOException {
        report(ALLOCATION + benchmark + "\t" + allocated / Math.max(1, calls));
    }

    /** The report's allocation lines as bytes per call by benchmark, averaged over its iterations. */
    public static Map<String, Double> allocationPerCall(List<String> report) {
        return perCall(ALLOCATION, report);
    }

    /** The CPU time the calling thread has used so far, in nanoseconds; take the difference around the calls. */
    public static long cpuOfThisThread() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Reports the CPU time {@code benchmark} took per call on the calling thread in one iteration. */
    public static void reportCpu(String benchmark, long nanos, long calls) throws IOException {
        report(CPU + benchmark + "\t" + nanos / Math.max(1, calls));
    }

    /** The report's CPU lines as nanoseconds per call by benchmark, averaged over its iterations. */
    public static Map<String, Double> cpuPerCall(List<String> report) {
        return perCall(CPU, report);
    }

    private static Map<String, Double> perCall(String kind, List<String> report) {
        return report.stream().filter(line -> line.startsWith(kind)).map(line -> line.split("\t"))
                .collect(Collectors.groupingBy(fields -> fields[1],
                        Collectors.averagingLong(fields -> Long.parseLong(fields[2]))));
    }

    /** The report's other lines. */
    public static List<String> otherLines(List<String> report) {
        return report.stream().filter(line -> !line.startsWith(ALLOCATION) && !line.startsWith(CPU)).toList();
    }
}
