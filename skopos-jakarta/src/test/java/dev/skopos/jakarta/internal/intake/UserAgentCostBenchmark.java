package dev.skopos.jakarta.internal.intake;

import dev.skopos.jakarta.bench.LoadAverage;
import dev.skopos.jakarta.internal.support.Text;
import dev.skopos.jakarta.testing.TrackerHarness;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;
import ua_parser.Client;
import ua_parser.Parser;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What analysing a user agent costs the request thread, JMH average times of one call, in one run:
 * <ul>
 *   <li>{@code cachedAgent}: a current Chrome agent the cache holds, as for the site's regular visitors;</li>
 *   <li>{@code uncachedAgent}: the same agent parsed anew;</li>
 *   <li>{@code floodOfLongAgents}: a flood of made-up 10 KB agents, a different one each call, as requests
 *       bring them: each is cut to 512 characters and missed in the cache; the first 50 a second are parsed,
 *       the rest only glanced at;</li>
 *   <li>{@code worstAgent}: the slowest to parse of a few dozen shapes of agent built to keep ua-parser's
 *       regular expressions busy (found by timing each before the run), at the 512 characters analysed: what
 *       each of the 50 parses a second may cost;</li>
 *   <li>{@code worstAgentUncut}: ua-parser alone on the same shape at 10 KB, which is what an agent of that
 *       length cost before agents were cut (they were parsed whole, every time).</li>
 * </ul>
 * Run with {@code mvn -pl skopos-jakarta -Pbenchmark test -Dtest=UserAgentCostBenchmark}; not part of the
 * normal build.
 */
@Tag("benchmark")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UserAgentCostBenchmark {
    private static final int LONG = 10 * 1024;
    private static final int FLOOD_POOL = 1_000;

    /** The analyser, and the agents to give it. */
    @State(Scope.Benchmark)
    public static class Agents {
        /** The shape {@link #slowest} found, set by the test. */
        @Param("")
        public String worstShape;

        private final UserAgentAnalyzer analyzer = new UserAgentAnalyzer();
        private final Parser uaParser = new Parser();
        private final String chrome = TrackerHarness.CHROME;
        private List<String> flood;
        private int next;
        private String worst;
        private String worstUncut;

        @Setup(Level.Trial)
        public void prepare() {
            analyzer.analyze(chrome);
            analyzer.analyze(chrome);
            flood = IntStream.range(0, FLOOD_POOL).mapToObj(i -> Text.truncate(i + " " + chrome + " "
                    + "x".repeat(LONG), LONG)).toList();
            worstUncut = shapes().get(worstShape);
            worst = Text.truncate(worstUncut, UserAgentAnalyzer.MAX_ANALYZED_LENGTH);
        }

        String nextFlooder() {
            next = next + 1 == flood.size() ? 0 : next + 1;
            return flood.get(next);
        }
    }

    /** The shape whose cut agent takes longest to parse, each timed 20 times after a warm-up of all. */
    static String slowest(Map<String, String> shapes) {
        UserAgentAnalyzer analyzer = new UserAgentAnalyzer();
        Map<String, String> cut = new LinkedHashMap<>();
        shapes.forEach((name, agent) -> cut.put(name, Text.truncate(agent, UserAgentAnalyzer.MAX_ANALYZED_LENGTH)));
        for (int round = 0; round < 20; round++) {
            cut.values().forEach(analyzer::parse);
        }
        Map<String, Long> medians = new LinkedHashMap<>();
        cut.forEach((name, agent) -> {
            long[] times = new long[20];
            for (int i = 0; i < times.length; i++) {
                long start = System.nanoTime();
                analyzer.parse(agent);
                times[i] = System.nanoTime() - start;
            }
            Arrays.sort(times);
            medians.put(name, times[times.length / 2]);
        });
        medians.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .forEach(entry -> System.out.printf(Locale.ROOT, "  %-16s %8.0f µs median to parse, cut%n",
                        entry.getKey(), entry.getValue() / 1e3));
        return medians.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** Agents of {@value #LONG} characters, each repeating what some of ua-parser's expressions look for. */
    static Map<String, String> shapes() {
        Map<String, String> shapes = new LinkedHashMap<>();
        Map<String, List<String>> repeated = new LinkedHashMap<>();
        repeated.put("semicolons", List.of("Mozilla/5.0 (", "a; "));
        repeated.put("android builds", List.of("Mozilla/5.0 (Linux; Android 14; ", "SM-X Build/"));
        repeated.put("android models", List.of("Mozilla/5.0 (Linux; Android 14; ", "Pixel "));
        repeated.put("versions", List.of("Mozilla/5.0 ", "1.2."));
        repeated.put("spaces", List.of("Mozilla/5.0 (", " "));
        repeated.put("webkit", List.of("", "AppleWebKit/537.36 (KHTML, like Gecko) "));
        repeated.put("parentheses", List.of("Mozilla/5.0 ", "("));
        repeated.put("slashes", List.of("Mozilla/5.0 ", "a/"));
        repeated.put("iphone versions", List.of("Mozilla/5.0 (iPhone; CPU iPhone OS ", "1_"));
        repeated.put("mozilla", List.of("", "Mozilla"));
        repeated.put("mobile safari", List.of("Mozilla/5.0 (Linux; Android 10) ", "Mobile Safari "));
        repeated.put("digits", List.of("Mozilla/5.0 ", "0"));
        repeated.put("words", List.of("Mozilla/5.0 ", "Chrome Version Firefox Opera "));
        repeated.put("windows", List.of("Mozilla/5.0 (Windows NT 10.0; ", "Win64; x64; "));
        repeated.put("dashes", List.of("Mozilla/5.0 (Linux; U; Android 4.0; en-us; ", "-"));
        repeated.put("bot words", List.of("", "bot crawl spider "));
        repeated.forEach((name, parts) -> shapes.put(name, Text.truncate(parts.get(0)
                + parts.get(1).repeat(LONG / parts.get(1).length() + 1), LONG)));
        Random random = new Random(25);
        for (int i = 0; i < 16; i++) {
            String alphabet = i % 2 == 0 ? " ;/()._-0123456789" : " ;/()._-abcdefghijklmnopqrstuvwxyzABCDEFG0123456789";
            shapes.put("random " + i, "Mozilla/5.0 (" + random.ints(LONG, 0, alphabet.length())
                    .mapToObj(c -> String.valueOf(alphabet.charAt(c))).collect(Collectors.joining()));
        }
        return shapes;
    }

    @Benchmark
    public UserAgentInfo cachedAgent(Agents agents) {
        return agents.analyzer.analyze(agents.chrome);
    }

    @Benchmark
    public UserAgentInfo uncachedAgent(Agents agents) {
        return agents.analyzer.parse(agents.chrome);
    }

    @Benchmark
    public UserAgentInfo floodOfLongAgents(Agents agents) {
        return agents.analyzer.analyze(agents.nextFlooder());
    }

    @Benchmark
    public UserAgentInfo worstAgent(Agents agents) {
        return agents.analyzer.parse(agents.worst);
    }

    @Benchmark
    public Client worstAgentUncut(Agents agents) {
        return agents.uaParser.parse(agents.worstUncut);
    }

    @Test
    void theWorstAgentCostsWhatItsCutLengthCosts() throws Exception {
        String loadBefore = LoadAverage.now();
        System.out.printf("%nThe slowest shapes of agent, of %d tried:%n", shapes().size());
        String worstShape = slowest(shapes());
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(UserAgentCostBenchmark.class.getName() + "\\.")
                .param("worstShape", worstShape)
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true)
                .build()).run();
        Map<String, Double> scores = results.stream().collect(Collectors.toMap(
                result -> result.getParams().getBenchmark().replaceFirst(".*\\.", ""),
                result -> result.getPrimaryResult().getScore()));

        System.out.printf(Locale.ROOT, "%nOne analysis, JMH average of 5 x 1 s after 3 x 1 s warm-up, one thread;"
                + " load average %s before, %s after; the worst agent: %s, \"%s…\"%n%-20s %12s %12s%n", loadBefore,
                LoadAverage.now(), worstShape, shapes().get(worstShape).substring(0, 40), "call", "µs/op",
                "± (99.9%)");
        for (RunResult result : results) {
            System.out.printf(Locale.ROOT, "%-20s %12.2f %12.2f%n", result.getParams().getBenchmark()
                    .replaceFirst(".*\\.", ""), result.getPrimaryResult().getScore(),
                    result.getPrimaryResult().getScoreError());
        }
        assertThat(results).hasSize(5);
        assertThat(scores.get("cachedAgent")).isLessThan(scores.get("uncachedAgent"));
        assertThat(scores.get("worstAgent")).isLessThan(scores.get("worstAgentUncut"));
    }
}
