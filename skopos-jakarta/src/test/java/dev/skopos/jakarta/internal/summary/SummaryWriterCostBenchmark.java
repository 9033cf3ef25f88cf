package dev.skopos.jakarta.internal.summary;

import dev.skopos.jakarta.bench.LoadAverage;
import dev.skopos.jakarta.internal.store.SummaryRecords;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a day's summary costs as the distinct keys of a day grow: {@code keys} sessions between two writes, each
 * with a page path of its own (entry page, page view, exit page), which is how a site with many pages or a flood
 * of made-up paths grows a day's breakdowns. For each count it measures, on this thread, after a warm-up:
 * counting the gains ({@link DailySummaries}, on the writer's thread for every record it writes), the memory
 * budget's charge for them until the next write, and the write itself as {@link SummaryRecords} makes it: the
 * gains added to a stored day of as many other keys (of which each list kept {@value Breakdown#MAX_KEYS} at most,
 * the rest in {@value Breakdown#OTHER}), capped, and turned into the JSON text sent to PocketBase. Prints the
 * median of the repetitions, in thread CPU time. Run with
 * {@code mvn -pl skopos-jakarta -Pbenchmark test -Dtest=SummaryWriterCostBenchmark}.
 */
@Tag("benchmark")
class SummaryWriterCostBenchmark {
    private static final List<Integer> DISTINCT_KEYS = List.of(10, 1_000, 10_000, 100_000);
    private static final Instant NOON = Instant.parse("2026-12-07T12:00:00Z");
    /** Repetitions of each measurement, and as many again before them to warm up. */
    private static final int REPETITIONS = 15;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void writeCostAgainstDistinctKeysInADay() throws Exception {
        System.out.printf(Locale.ROOT, "%nA day's summary by distinct keys between two writes (median of %d, thread"
                        + " CPU); load average %s%n%10s %14s %13s %13s %12s %14s %12s%n", REPETITIONS,
                LoadAverage.now(), "keys", "count ms", "count us/key", "budget bytes", "write ms", "write us/key",
                "JSON bytes");
        for (int keys : DISTINCT_KEYS) {
            JsonObject storedDay = gains(keys, "/stored/").addedTo(JsonObject.EMPTY_JSON_OBJECT,
                    SummaryRecords.MAX_SUMMARY_BYTES);
            DailySummary gains = gains(keys, "/new/");
            double countMillis = medianMillis(() -> gains(keys, "/new/"));
            String[] json = new String[1];
            double writeMillis = medianMillis(() -> json[0] = gains.addedTo(storedDay,
                    SummaryRecords.MAX_SUMMARY_BYTES).toString());
            assertThat(json[0].length()).as("summary JSON, characters").isLessThanOrEqualTo(
                    SummaryRecords.MAX_SUMMARY_BYTES);
            System.out.printf(Locale.ROOT, "%10d %14.3f %13.2f %13d %12.3f %14.2f %12d%n", keys, countMillis,
                    1000 * countMillis / keys, gains.bytes(), writeMillis, 1000 * writeMillis / keys,
                    json[0].length());
        }
        System.out.printf("count: DailySummaries counting the sessions and page views between two writes; budget:"
                + " what the memory budget charges for those gains until the write; write: the gains added to a"
                + " stored day of as many other keys (at most %d kept per list, the rest in Other), capped, and the"
                + " JSON text made; load average %s at the end%n", Breakdown.MAX_KEYS, LoadAverage.now());
    }

    /** The gains of {@code keys} sessions of one visit each, each on a path of its own under {@code prefix}. */
    private static DailySummary gains(int keys, String prefix) {
        DailySummaries summaries = new DailySummaries(bytes -> { });
        for (int i = 0; i < keys; i++) {
            String path = prefix + "page-" + i;
            summaries.sessionCounted(NOON, new SessionFacts(i % 3 == 0, path, i % 4 == 0 ? "https://www.google.com/"
                    : "", "desktop", "Chrome", "en-GB", "DE", "Berlin"));
            summaries.pageView(NOON, path);
            summaries.sessionExited(NOON, path);
        }
        return summaries.takeAll().values().iterator().next();
    }

    private static double medianMillis(Runnable work) {
        double[] millis = new double[REPETITIONS];
        for (int i = -REPETITIONS; i < REPETITIONS; i++) {
            long before = THREADS.getCurrentThreadCpuTime();
            work.run();
            if (i >= 0) {
                millis[i] = (THREADS.getCurrentThreadCpuTime() - before) / 1e6;
            }
        }
        Arrays.sort(millis);
        return millis[REPETITIONS / 2];
    }
}
