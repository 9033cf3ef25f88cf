package dev.skopos.jakarta.internal.geo;

import dev.skopos.jakarta.bench.ForkedBenchmarks;
import dev.skopos.jakarta.testing.GeoDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What geolocating a new session costs on the request thread, measured with JMH in one run against its
 * baseline, the tracker without a database:
 * <ul>
 *   <li>no database: {@link GeoLocator#NONE}, the cost before geolocation existed;</li>
 *   <li>cached, hit: a working set of 1,000 addresses, all in the cache (returning visitors);</li>
 *   <li>cached, miss: 50,000 addresses cycling through a 10,000-entry cache, so every lookup misses and
 *       evicts (a stream of new visitors, the worst case);</li>
 *   <li>uncached: the database lookup alone, in DB-IP Lite (flat layout) and GeoLite2 City (MaxMind's
 *       layout, records with names in eight languages that the reader skips).</li>
 * </ul>
 * Addresses are random public IPv4 addresses, the same in every run; each file has been read through once
 * before measuring (the first lookups after start-up also pay the page faults of the memory mapping). Run with
 * {@code mvn -pl skopos-jakarta -Pbenchmark test -Dtest=GeoLookupBenchmark}; not part of the normal build.
 */
@Tag("benchmark")
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GeoLookupBenchmark {
    private static final int WORKING_SET = 1_000;
    private static final int STREAM_OF_NEW_VISITORS = 50_000;

    private InetAddress[] returning;
    private InetAddress[] newVisitors;
    private GeoLocator dbipUncached;
    private GeoLocator geoLite2Uncached;
    private GeoLocator dbipCached;
    private int next;

    @Setup(Level.Trial)
    public void open() throws UnknownHostException {
        returning = publicAddresses(WORKING_SET, 1);
        newVisitors = publicAddresses(STREAM_OF_NEW_VISITORS, 2);
        List<Path> dbip = GeoDatabases.dbipCity();
        dbipUncached = MmdbGeoLocator.open(dbip);
        geoLite2Uncached = MmdbGeoLocator.open(List.of(GeoDatabases.maxMindLayout()));
        dbipCached = GeoLocator.of(dbip);
        // a memory-mapped file costs page faults until each page was touched once: measure the steady state
        for (InetAddress address : newVisitors) {
            dbipUncached.locate(address);
            geoLite2Uncached.locate(address);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        dbipUncached.close();
        geoLite2Uncached.close();
        dbipCached.close();
    }

    private static InetAddress[] publicAddresses(int count, long seed) throws UnknownHostException {
        Random random = new Random(seed);
        List<InetAddress> addresses = new ArrayList<>();
        byte[] raw = new byte[4];
        while (addresses.size() < count) {
            random.nextBytes(raw);
            InetAddress address = InetAddress.getByAddress(raw.clone());
            if (MmdbGeoLocator.isPublic(address) && (raw[0] & 0xff) < 224) {
                addresses.add(address);
            }
        }
        return addresses.toArray(InetAddress[]::new);
    }

    private InetAddress nextOf(InetAddress[] addresses) {
        next = next + 1 == addresses.length ? 0 : next + 1;
        return addresses[next];
    }

    @Benchmark
    public Location noDatabase() {
        return GeoLocator.NONE.locate(nextOf(returning));
    }

    @Benchmark
    public Location cachedHit() {
        return dbipCached.locate(nextOf(returning));
    }

    @Benchmark
    public Location cachedMiss() {
        return dbipCached.locate(nextOf(newVisitors));
    }

    @Benchmark
    public Location uncachedDbIp() {
        return dbipUncached.locate(nextOf(newVisitors));
    }

    @Benchmark
    public Location uncachedGeoLite2() {
        return geoLite2Uncached.locate(nextOf(newVisitors));
    }

    @Test
    void compareLookupsWithTheTrackerWithoutADatabase() throws Exception {
        open();
        long located = List.of(newVisitors).stream().limit(1_000)
                .filter(address -> !dbipUncached.locate(address).equals(Location.UNKNOWN)).count();
        close();
        assertThat(located).as("random public addresses DB-IP locates, of 1000").isGreaterThan(900);

        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(GeoLookupBenchmark.class.getName() + "\\.")
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true)
                // the forked JVM gets the classpath, not the system properties that locate the test databases
                .jvmArgsAppend(ForkedBenchmarks.forwarded(GeoDatabases.DBIP_CITY_PROPERTY),
                        ForkedBenchmarks.forwarded(GeoDatabases.MAXMIND_LAYOUT_PROPERTY))
                .build()).run();

        System.out.printf(Locale.ROOT, "%nGeolocation lookup of one address, JMH average of 5 x 1 s after 3 x 1 s"
                + " warm-up, one thread%n%-20s %12s %12s%n", "lookup", "ns/op", "± ns (99.9%)");
        for (RunResult result : results) {
            var score = result.getPrimaryResult();
            System.out.printf(Locale.ROOT, "%-20s %12.0f %12.0f%n", result.getParams().getBenchmark()
                    .replaceFirst(".*\\.", ""), score.getScore(), score.getScoreError());
        }
        assertThat(results).hasSize(5);
    }
}
