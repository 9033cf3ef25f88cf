package dev.skopos.jakarta.internal.web;

import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.bench.ForkedBenchmarks;
import dev.skopos.jakarta.bench.LoadAverage;
import dev.skopos.jakarta.internal.config.Safeguards;
import dev.skopos.jakarta.internal.intake.RateLimits;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a refused browser request costs the request thread, sampled with JMH, against what its body would have
 * cost, in the same run, for a small body (a page view) and one of nearly the 32 KB the endpoint takes:
 * <ul>
 *   <li>{@code readAndParse} (baseline): reading the body as the endpoint does, scanning its nesting and
 *       parsing it, which every request that passes the cheap checks pays before the pipeline sees its
 *       event;</li>
 *   <li>{@code rateLimited}: the endpoint called for a client already over its allowance
 *       ({@code skopos.rate-limit});</li>
 *   <li>{@code siteLimited}: the endpoint called for a new client each time while the site is over its ceiling
 *       ({@code skopos.site-rate-limit}).</li>
 * </ul>
 * Both refusals run through the real endpoint and pipeline of a tracker on a real PocketBase, whose clock stands
 * still so the allowances never refill. The body is a stream that counts what is read of it: a refusal that read
 * a byte fails the run, as does a call that was not refused for the reason measured. Each line also gives the
 * bytes the calling thread allocated per call: a refusal's must not grow with the body.
 *
 * <p>Run with {@code mvn -pl skopos-jakarta -Pbenchmark test -Dtest=RefusalCostBenchmark}; not part of the
 * normal build.
 */
@Tag("benchmark")
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RefusalCostBenchmark {
    private static final int NEWCOMERS = 200_000;

    /** A body the endpoint may read, counting what it reads; rewound before each call. */
    @State(Scope.Thread)
    public static class Body extends InputStream {
        @Param({"120", "32000"})
        public int bytes;

        private byte[] content;
        /** The declared length, boxed once: a Long of over 127 would otherwise be allocated by every call. */
        private Long declared;
        private int position;
        private long read;
        private long calls;
        private long allocatedBefore;
        private boolean parsed = true;

        @Setup(Level.Trial)
        public void write() {
            String head = "{\"type\":\"pageView\",\"url\":\"https://example.com/pricing\",\"pad\":\"";
            content = (head + "x".repeat(Math.max(0, bytes - head.length() - 2)) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            declared = (long) content.length;
        }

        Body rewound() {
            position = 0;
            calls++;
            return this;
        }

        @Override
        public int read() {
            if (position == content.length) {
                return -1;
            }
            read++;
            return content[position++] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            int count = Math.min(length, content.length - position);
            if (count == 0) {
                return -1;
            }
            System.arraycopy(content, position, into, offset, count);
            position += count;
            read += count;
            return count;
        }

        @Setup(Level.Iteration)
        public void startCounting() {
            read = 0;
            calls = 0;
            allocatedBefore = ForkedBenchmarks.allocatedByThisThread();
        }

        @TearDown(Level.Iteration)
        public void reportIteration(BenchmarkParams benchmark, IterationParams iteration) throws IOException {
            if (iteration.getType() == IterationType.MEASUREMENT) {
                String name = nameOf(benchmark);
                ForkedBenchmarks.reportAllocation(name, ForkedBenchmarks.allocatedByThisThread() - allocatedBefore,
                        calls);
                ForkedBenchmarks.report("read\t" + name + "\t" + read / Math.max(1, calls));
                if (parsed && benchmark.getBenchmark().endsWith("readAndParse")) {
                    ForkedBenchmarks.report("parsed\t" + name);
                }
            }
        }
    }

    /** The endpoint of a tracker whose limits are already spent, for one client and for the site. */
    @State(Scope.Benchmark)
    public static class Endpoint {
        private PocketBaseServer server;
        private TrackerHarness rateLimited;
        private TrackerHarness siteLimited;
        private EventEndpoint overAllowance;
        private EventEndpoint overCeiling;
        private RequestInfo flooder;
        private List<RequestInfo> newcomers;
        private int next;
        private long acceptedBeforeTheRun;

        @Setup(Level.Trial)
        public void spendTheLimits() throws IOException {
            server = PocketBaseServer.start();
            rateLimited = TrackerHarness.immediate(server, Safeguards.DEFAULTS.withRateLimits(
                    RateLimits.DEFAULTS.withPerAddressPerMinute(60).withSitePerSecond(0)));
            siteLimited = TrackerHarness.immediate(server, Safeguards.DEFAULTS.withRateLimits(
                    RateLimits.DEFAULTS.withPerAddressPerMinute(0).withSitePerSecond(100)));
            overAllowance = new EventEndpoint(rateLimited.pipeline());
            overCeiling = new EventEndpoint(siteLimited.pipeline());
            flooder = TrackerHarness.browser("198.51.100.1");
            newcomers = IntStream.range(0, NEWCOMERS).mapToObj(i -> TrackerHarness.browser(
                    "2001:db8:" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i & 0xffff) + "::1"))
                    .toList();
            Body small = new Body();
            small.bytes = 120;
            small.write();
            for (int i = 0; i < 60; i++) {
                overAllowance.receive(flooder, null, small.rewound());
            }
            for (int i = 0; i < 100; i++) {
                overCeiling.receive(TrackerHarness.browser("203.0.113." + (i + 1)), null, small.rewound());
            }
            acceptedBeforeTheRun = accepted();
        }

        private long accepted() {
            return rateLimited.pipeline().delivery().accepted() + siteLimited.pipeline().delivery().accepted();
        }

        RequestInfo nextNewcomer() {
            next = next + 1 == newcomers.size() ? 0 : next + 1;
            return newcomers.get(next);
        }

        /** Reports what the trackers did with the calls: every one refused, and for the reason measured. */
        @TearDown(Level.Iteration)
        public void reportWhatWasRefused() throws IOException {
            ForkedBenchmarks.report(String.format(Locale.ROOT, "tracker\t%d accepted since the limits were spent,"
                            + " %,d rate-limited by one tracker, %,d site-limited by the other",
                    accepted() - acceptedBeforeTheRun,
                    rateLimited.pipeline().delivery().dropped().get(DropReason.RATE_LIMITED),
                    siteLimited.pipeline().delivery().dropped().get(DropReason.SITE_LIMITED)));
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            rateLimited.close();
            siteLimited.close();
            server.close();
        }
    }

    @Benchmark
    public Optional<JsonObject> readAndParse(Body body) throws IOException {
        Optional<JsonObject> payload = EventEndpoint.payloadOf(new String(EventEndpoint.read(body.rewound(),
                body.declared), StandardCharsets.UTF_8));
        body.parsed &= payload.isPresent();
        return payload;
    }

    @Benchmark
    public int rateLimited(Endpoint endpoint, Body body) throws IOException {
        return endpoint.overAllowance.receive(endpoint.flooder, body.declared, body.rewound());
    }

    @Benchmark
    public int siteLimited(Endpoint endpoint, Body body) throws IOException {
        return endpoint.overCeiling.receive(endpoint.nextNewcomer(), body.declared, body.rewound());
    }

    private static String nameOf(BenchmarkParams benchmark) {
        return benchmark.getBenchmark().replaceFirst(".*\\.", "") + ", " + benchmark.getParam("bytes") + " B body";
    }

    @Test
    void refusalsCostNothingInProportionToTheBody() throws Exception {
        Path report = Files.createTempFile("refusal-benchmark", ".txt");
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(RefusalCostBenchmark.class.getName() + "\\.")
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true)
                .jvmArgsAppend(ForkedBenchmarks.withPocketBase(report))
                .build()).run();
        List<String> lines = Files.readAllLines(report);
        Files.delete(report);
        Map<String, Double> allocated = ForkedBenchmarks.allocationPerCall(lines);
        Map<String, Double> read = lines.stream().filter(line -> line.startsWith("read\t"))
                .map(line -> line.split("\t")).collect(Collectors.groupingBy(fields -> fields[1],
                        Collectors.averagingLong(fields -> Long.parseLong(fields[2]))));

        System.out.printf(Locale.ROOT, "%nOne request, JMH sampled times of 5 x 1 s after 3 x 1 s warm-up, one"
                + " thread, µs; bytes allocated per call by the calling thread; body bytes read per call; load"
                + " average %s%n%-30s %9s %8s %8s %8s %8s %10s %10s%n", LoadAverage.now(), "call", "samples", "p50",
                "p90", "p99", "p99.9", "alloc B", "read B");
        for (RunResult result : results) {
            String name = nameOf(result.getParams());
            Statistics sampled = result.getPrimaryResult().getStatistics();
            System.out.printf(Locale.ROOT, "%-30s %9d %8.2f %8.2f %8.2f %8.2f %10.0f %10.0f%n", name, sampled.getN(),
                    sampled.getPercentile(50), sampled.getPercentile(90), sampled.getPercentile(99),
                    sampled.getPercentile(99.9), allocated.get(name), read.get(name));
        }
        System.out.printf("%nThe trackers after each iteration (warm-up included)%n%s%n",
                String.join("\n", lines.stream().filter(line -> line.startsWith("tracker\t")).toList()));

        assertThat(results).hasSize(6);
        for (String refusal : List.of("rateLimited", "siteLimited")) {
            assertThat(read.get(refusal + ", 120 B body")).isZero();
            assertThat(read.get(refusal + ", 32000 B body")).isZero();
            assertThat(allocated.get(refusal + ", 32000 B body")).as("%s allocates nothing for the body", refusal)
                    .isLessThan(allocated.get(refusal + ", 120 B body") + 64);
        }
        assertThat(read.get("readAndParse, 32000 B body")).isEqualTo(32_000);
        assertThat(lines).as("every body parsed").contains("parsed\treadAndParse, 120 B body",
                "parsed\treadAndParse, 32000 B body");
        assertThat(lines.stream().filter(line -> line.startsWith("tracker\t")))
                .allSatisfy(line -> assertThat(line).contains("\t0 accepted"));
    }
}
