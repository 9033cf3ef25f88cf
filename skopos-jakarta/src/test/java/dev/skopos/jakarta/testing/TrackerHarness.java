package dev.skopos.jakarta.testing;

import dev.skopos.jakarta.FlushResult;
import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.cluster.SharedMap;
import dev.skopos.jakarta.internal.cluster.SharedState;
import dev.skopos.jakarta.internal.config.Safeguards;
import dev.skopos.jakarta.internal.config.SkoposConfig;
import dev.skopos.jakarta.internal.config.SkoposConfigReader;
import dev.skopos.jakarta.internal.core.TrackerCore;
import dev.skopos.jakarta.internal.intake.RateLimits;
import dev.skopos.jakarta.internal.pipeline.Pipeline;
import dev.skopos.jakarta.internal.pocketbase.AdminCredentials;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseClient;
import dev.skopos.jakarta.internal.spool.SpoolSettings;
import dev.skopos.jakarta.internal.store.PocketBaseStore;
import dev.skopos.jakarta.internal.store.RecordStore;
import jakarta.json.JsonObject;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/**
 * The plain-Java tracker connected to a test PocketBase, on executors of its own (or a scheduler the test
 * gives it): what the CDI bean runs inside a server, minus the server.
 */
public final class TrackerHarness implements AutoCloseable {
    public static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    private static final long DEFAULT_MEMORY_BUDGET = 64L * 1024 * 1024;
    private static final Safeguards WITHOUT_SITE_CEILING = Safeguards.DEFAULTS.withRateLimits(
            RateLimits.DEFAULTS.withSitePerSecond(0));
    /**
     * The probe reads a record, which PocketBase logs; it writes its request log once no request came for three
     * seconds (or 200 piled up), so a faster probe would hold back the log that tests count requests in.
     */
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(4);

    private final ScheduledExecutorService scheduler;
    private final ExecutorService longRunningTasks = Executors.newCachedThreadPool();
    private final MutableClock clock = new MutableClock();
    private final TrackerCore core;

    /** The settings a harness starts with; each factory changes a few of the defaults. */
    private static final class Settings {
        private final PocketBaseServer pocketBase;
        private String url;
        private boolean batch;
        private Duration batchInterval = Duration.ofSeconds(10);
        private int maxBatchSize = 100;
        private Duration jsErrorInterval = Duration.ofHours(1);
        private ScheduledExecutorService scheduler;
        private boolean awaitReady = true;
        private long memoryBudget = DEFAULT_MEMORY_BUDGET;
        private List<Path> geoipDatabases = List.of();
        /**
         * The product's safeguards but for the site's ceiling: the harness's clock stands still unless a test
         * moves it, and a ceiling that never refills would turn away what tests of other things send.
         */
        private Safeguards safeguards = WITHOUT_SITE_CEILING;
        private AdminCredentials credentials;
        private UnaryOperator<RecordStore> store = UnaryOperator.identity();
        private int writeConcurrency = SkoposConfigReader.DEFAULT_WRITE_CONCURRENCY;
        private Optional<SharedMap> shared = Optional.empty();
        private Optional<SpoolSettings> spool = Optional.empty();

        private Settings(PocketBaseServer pocketBase) {
            this.pocketBase = pocketBase;
            this.url = pocketBase.url();
            this.credentials = pocketBase.adminCredentials();
        }

        private SkoposConfig config() {
            return new SkoposConfig(pocketBase.trackingId(), URI.create(url), credentials, batch, batchInterval,
                    maxBatchSize, writeConcurrency, Duration.ofMinutes(30),
                    jsErrorInterval, memoryBudget, geoipDatabases, safeguards, true,
                    shared.isPresent() ? SharedState.JCACHE : SharedState.LOCAL, true,
                    spool);
        }
    }

    private TrackerHarness(Settings settings) {
        SkoposConfig config = settings.config();
        scheduler = settings.scheduler != null ? settings.scheduler : Executors.newScheduledThreadPool(2);
        PocketBaseClient pocketBase = PocketBaseClient.create(config.pocketBaseUrl(), config.credentials());
        core = new TrackerCore(config, pocketBase, settings.store.apply(new PocketBaseStore(pocketBase)), scheduler,
                longRunningTasks, PROBE_INTERVAL, clock, settings.shared);
        core.start();
        if (settings.awaitReady) {
            await().atMost(Duration.ofSeconds(10)).until(() -> core.status().ready());
        }
    }

    /** As {@link #immediate}, keeping what it accepts in a durable spool until PocketBase confirms it. */
    public static TrackerHarness spooling(PocketBaseServer pocketBase, SpoolSettings spool, boolean awaitReady) {
        Settings settings = new Settings(pocketBase);
        settings.spool = Optional.of(spool);
        settings.awaitReady = awaitReady;
        return new TrackerHarness(settings);
    }

    /**
     * As {@link #spooling(PocketBaseServer, SpoolSettings, boolean)}, through {@code store}, which wraps the real
     * one.
     */
    public static TrackerHarness spooling(PocketBaseServer pocketBase, SpoolSettings spool,
                                          UnaryOperator<RecordStore> store) {
        Settings settings = new Settings(pocketBase);
        settings.spool = Optional.of(spool);
        settings.store = store;
        return new TrackerHarness(settings);
    }

    /** Writes each event at once, 30-minute sessions, JS errors flushed only on demand. */
    public static TrackerHarness immediate(PocketBaseServer pocketBase) {
        return new TrackerHarness(new Settings(pocketBase));
    }

    /** As {@link #immediate}, geolocating visitors with these MaxMind DB files. */
    public static TrackerHarness immediate(PocketBaseServer pocketBase, List<Path> geoipDatabases) {
        Settings settings = new Settings(pocketBase);
        settings.geoipDatabases = geoipDatabases;
        return new TrackerHarness(settings);
    }

    /** As {@link #immediate(PocketBaseServer)}, with other safeguards. */
    public static TrackerHarness immediate(PocketBaseServer pocketBase, Safeguards safeguards) {
        Settings settings = new Settings(pocketBase);
        settings.safeguards = safeguards;
        return new TrackerHarness(settings);
    }

    /** As {@link #immediate(PocketBaseServer)}, logged in with other credentials. */
    public static TrackerHarness loggedInAs(PocketBaseServer pocketBase, AdminCredentials credentials) {
        Settings settings = new Settings(pocketBase);
        settings.credentials = credentials;
        return new TrackerHarness(settings);
    }

    /** As {@link #immediate}, without waiting for the first connection. */
    public static TrackerHarness startingWhilePocketBaseIsDown(PocketBaseServer pocketBase) {
        Settings settings = new Settings(pocketBase);
        settings.awaitReady = false;
        return new TrackerHarness(settings);
    }

    /** One of several instances sharing their state in {@code shared}, writing each record as it comes. */
    public static TrackerHarness sharing(PocketBaseServer pocketBase, SharedMap shared,
                                         UnaryOperator<RecordStore> store) {
        Settings settings = new Settings(pocketBase);
        settings.shared = Optional.of(shared);
        settings.store = store;
        return new TrackerHarness(settings);
    }

    /**
     * As {@link #sharing(PocketBaseServer, SharedMap, UnaryOperator)}, on {@code scheduler}, which the harness
     * shuts down when it closes.
     */
    public static TrackerHarness sharing(PocketBaseServer pocketBase, SharedMap shared,
                                         UnaryOperator<RecordStore> store, ScheduledExecutorService scheduler) {
        Settings settings = new Settings(pocketBase);
        settings.shared = Optional.of(shared);
        settings.store = store;
        settings.scheduler = scheduler;
        return new TrackerHarness(settings);
    }

    /** As {@link #immediate}, reaching {@code pocketBase} through {@code url}, such as a {@link FaultProxy}'s. */
    public static TrackerHarness through(PocketBaseServer pocketBase, String url) {
        Settings settings = new Settings(pocketBase);
        settings.url = url;
        return new TrackerHarness(settings);
    }

    /** As {@link #immediate}, holding at most {@code memoryBudget} bytes in memory. */
    public static TrackerHarness withMemoryBudget(PocketBaseServer pocketBase, long memoryBudget) {
        Settings settings = new Settings(pocketBase);
        settings.memoryBudget = memoryBudget;
        return new TrackerHarness(settings);
    }

    /** As {@link #withMemoryBudget(PocketBaseServer, long)}, with other safeguards. */
    public static TrackerHarness withMemoryBudget(PocketBaseServer pocketBase, long memoryBudget,
                                                  Safeguards safeguards) {
        Settings settings = new Settings(pocketBase);
        settings.memoryBudget = memoryBudget;
        settings.safeguards = safeguards;
        return new TrackerHarness(settings);
    }

    /** As {@link #immediate}, reading and writing records through {@code store}, which wraps the real one. */
    public static TrackerHarness withStore(PocketBaseServer pocketBase, UnaryOperator<RecordStore> store) {
        return withStore(pocketBase, SkoposConfigReader.DEFAULT_WRITE_CONCURRENCY, store);
    }

    /** As {@link #withStore(PocketBaseServer, UnaryOperator)}, flushing JS errors every {@code jsErrorInterval}. */
    public static TrackerHarness withStore(PocketBaseServer pocketBase, UnaryOperator<RecordStore> store,
                                           Duration jsErrorInterval) {
        Settings settings = new Settings(pocketBase);
        settings.store = store;
        settings.jsErrorInterval = jsErrorInterval;
        return new TrackerHarness(settings);
    }

    /**
     * As {@link #withStore(PocketBaseServer, UnaryOperator)}, on {@code scheduler}, which the harness shuts down
     * when it closes.
     */
    public static TrackerHarness withStore(PocketBaseServer pocketBase, UnaryOperator<RecordStore> store,
                                           ScheduledExecutorService scheduler) {
        Settings settings = new Settings(pocketBase);
        settings.store = store;
        settings.scheduler = scheduler;
        return new TrackerHarness(settings);
    }

    /** As {@link #withStore(PocketBaseServer, UnaryOperator)}, with this many writes in flight at most. */
    public static TrackerHarness withStore(PocketBaseServer pocketBase, int writeConcurrency,
                                           UnaryOperator<RecordStore> store) {
        Settings settings = new Settings(pocketBase);
        settings.store = store;
        settings.writeConcurrency = writeConcurrency;
        return new TrackerHarness(settings);
    }

    public static TrackerHarness batching(PocketBaseServer pocketBase, Duration interval, int maxBatchSize) {
        return new TrackerHarness(batchingSettings(pocketBase, interval, maxBatchSize));
    }

    /**
     * As {@link #batching}, flushing JS errors every {@code jsErrorInterval}, on {@code scheduler} (the
     * tracker's background threads in a server), which the harness shuts down when it closes.
     */
    public static TrackerHarness batching(PocketBaseServer pocketBase, Duration interval, int maxBatchSize,
                                          Duration jsErrorInterval, ScheduledExecutorService scheduler) {
        Settings settings = batchingSettings(pocketBase, interval, maxBatchSize);
        settings.jsErrorInterval = jsErrorInterval;
        settings.scheduler = scheduler;
        return new TrackerHarness(settings);
    }

    /**
     * As {@link #batching(PocketBaseServer, Duration, int)}, one of several instances sharing their state in
     * {@code shared}.
     */
    public static TrackerHarness batching(PocketBaseServer pocketBase, Duration interval, int maxBatchSize,
                                          SharedMap shared) {
        return batching(pocketBase, interval, maxBatchSize, DEFAULT_MEMORY_BUDGET, Optional.of(shared));
    }

    /** As {@link #batching(PocketBaseServer, Duration, int)}, holding at most {@code memoryBudget} bytes in memory. */
    public static TrackerHarness batching(PocketBaseServer pocketBase, Duration interval, int maxBatchSize,
                                          long memoryBudget) {
        return batching(pocketBase, interval, maxBatchSize, memoryBudget, Optional.empty());
    }

    /** As {@link #batching(PocketBaseServer, Duration, int, long)}, sharing its state in {@code shared} if given. */
    public static TrackerHarness batching(PocketBaseServer pocketBase, Duration interval, int maxBatchSize,
                                          long memoryBudget, Optional<SharedMap> shared) {
        Settings settings = batchingSettings(pocketBase, interval, maxBatchSize);
        settings.memoryBudget = memoryBudget;
        settings.shared = shared;
        return new TrackerHarness(settings);
    }

    /**
     * As {@link #batching(PocketBaseServer, Duration, int, long)}, keeping what it accepts in a durable spool
     * until PocketBase confirms it.
     */
    public static TrackerHarness batchingSpooled(PocketBaseServer pocketBase, Duration interval, int maxBatchSize,
                                                 long memoryBudget, SpoolSettings spool) {
        Settings settings = batchingSettings(pocketBase, interval, maxBatchSize);
        settings.memoryBudget = memoryBudget;
        settings.spool = Optional.of(spool);
        return new TrackerHarness(settings);
    }

    /** As {@link #batching(PocketBaseServer, Duration, int)}, through {@code store}, which wraps the real one. */
    public static TrackerHarness batching(PocketBaseServer pocketBase, Duration interval, int maxBatchSize,
                                          UnaryOperator<RecordStore> store) {
        Settings settings = batchingSettings(pocketBase, interval, maxBatchSize);
        settings.store = store;
        return new TrackerHarness(settings);
    }

    /**
     * As {@link #batching(PocketBaseServer, Duration, int, UnaryOperator)}, with this many writes in flight at
     * most.
     */
    public static TrackerHarness batching(PocketBaseServer pocketBase, Duration interval, int maxBatchSize,
                                          int writeConcurrency, UnaryOperator<RecordStore> store) {
        Settings settings = batchingSettings(pocketBase, interval, maxBatchSize);
        settings.writeConcurrency = writeConcurrency;
        settings.store = store;
        return new TrackerHarness(settings);
    }

    /**
     * As {@link #batching(PocketBaseServer, Duration, int)}, reaching {@code pocketBase} through {@code url} (such
     * as a {@link FaultProxy}'s), with this many writes in flight at most.
     */
    public static TrackerHarness batchingThrough(PocketBaseServer pocketBase, String url, Duration interval,
                                                 int maxBatchSize, int writeConcurrency) {
        Settings settings = batchingSettings(pocketBase, interval, maxBatchSize);
        settings.url = url;
        settings.writeConcurrency = writeConcurrency;
        return new TrackerHarness(settings);
    }

    private static Settings batchingSettings(PocketBaseServer pocketBase, Duration interval, int maxBatchSize) {
        Settings settings = new Settings(pocketBase);
        settings.batch = true;
        settings.batchInterval = interval;
        settings.maxBatchSize = maxBatchSize;
        return settings;
    }

    /** A current desktop Chrome with the headers it always sends, from {@code ip}. */
    public static RequestInfo browser(String ip) {
        return browser(ip, CHROME, Map.of());
    }

    public static RequestInfo browser(String ip, String userAgent, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(Map.of(
                "user-agent", userAgent, "accept", "*/*", "accept-language", "en-GB,en;q=0.9",
                "accept-encoding", "gzip, deflate, br"));
        headers.putAll(extraHeaders);
        return RequestInfo.of(ip, name -> headers.get(name.toLowerCase(Locale.ROOT)),
                "/api/event");
    }

    public Pipeline pipeline() {
        return core.pipeline();
    }

    public TrackerCore core() {
        return core;
    }

    public MutableClock clock() {
        return clock;
    }

    public boolean track(RequestInfo request, JsonObject payload) {
        return pipeline().trackBrowserEvent(request, payload);
    }

    public boolean trackServerEvent(Optional<RequestInfo> request, String name, Map<String, ?> data) {
        return pipeline().trackServerEvent(request, name, data);
    }

    /** Writes everything queued and fails the test if PocketBase did not take it all. */
    public FlushResult flush() {
        FlushResult result = pipeline().flush(Duration.ofSeconds(20));
        if (result.pending() > 0) {
            throw new AssertionError("PocketBase did not take " + result.pending() + " records");
        }
        return result;
    }

    /**
     * Stops every thread of the tracker at once, writing and draining nothing, as a killed process would; what
     * its spool appended stays as the operating system has it.
     */
    public void crash() throws InterruptedException {
        scheduler.shutdownNow();
        longRunningTasks.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        longRunningTasks.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        core.close();
        scheduler.shutdownNow();
        longRunningTasks.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        longRunningTasks.awaitTermination(5, TimeUnit.SECONDS);
    }
}
