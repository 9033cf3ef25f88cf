package dev.skopos.jakarta.internal.core;

import dev.skopos.jakarta.ConnectionProblem;
import dev.skopos.jakarta.TrackerStatus;
import dev.skopos.jakarta.internal.cluster.SharedMap;
import dev.skopos.jakarta.internal.config.InvalidConfigurationException;
import dev.skopos.jakarta.internal.config.SkoposConfig;
import dev.skopos.jakarta.internal.config.SkoposProperty;
import dev.skopos.jakarta.internal.geo.GeoLocator;
import dev.skopos.jakarta.internal.geo.UnreadableDatabaseException;
import dev.skopos.jakarta.internal.pipeline.Pipeline;
import dev.skopos.jakarta.internal.pocketbase.ApiGeneration;
import dev.skopos.jakarta.internal.pocketbase.Backoff;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseClient;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.store.RecordStore;
import dev.skopos.jakarta.internal.website.UnknownWebsiteException;
import dev.skopos.jakarta.internal.website.WebsiteSettings;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The tracker's connection to PocketBase, in plain Java: logs in, loads the website's settings and follows them
 * ({@link LiveWebsite}), and probes PocketBase so health can report it.
 * Until the first connection succeeds it retries with backoff. All work runs on the given scheduler (in a server,
 * {@link #backgroundThreads} of the container's managed thread factory), and the realtime stream on the given
 * executor for long-running tasks. It owns the client and closes it. Records are read and written through
 * {@code store}: in production the same PocketBase, seen through {@link
 * dev.skopos.jakarta.internal.store.PocketBaseStore}.
 */
public final class TrackerCore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TrackerCore.class.getName());
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(5);
    private static final String WEBSITES = "websites";
    /** How long shutdown waits for PocketBase to take the queued records. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    private final SkoposConfig config;
    private final PocketBaseClient pocketBase;
    private final RecordStore store;
    private final ScheduledExecutorService scheduler;
    private final Executor longRunningTasks;
    private final Duration probeInterval;
    private final Backoff connectBackoff = reconnectBackoff();
    private final Object lifecycle = new Object();
    private final GeoLocator geo;
    private final Pipeline pipeline;
    private final LiveWebsite website;

    private volatile boolean pocketBaseAnswers;
    private volatile ConnectionProblem problem = ConnectionProblem.CONNECTING;
    private volatile boolean closed;
    private String lastLoggedProblem;
    private ScheduledFuture<?> pendingConnect;
    private ScheduledFuture<?> probes;
    private volatile boolean following;

    public TrackerCore(SkoposConfig config, PocketBaseClient pocketBase, RecordStore store,
                       ScheduledExecutorService scheduler, Executor longRunningTasks, Duration probeInterval,
                       Clock clock, Optional<SharedMap> shared) {
        this.config = config;
        this.pocketBase = pocketBase;
        this.store = store;
        this.scheduler = scheduler;
        this.longRunningTasks = longRunningTasks;
        this.probeInterval = probeInterval;
        try {
            this.geo = GeoLocator.of(config.geoipDatabases());
        } catch (RuntimeException e) {
            pocketBase.close(); // it is ours to close, and the deployment fails here
            throw e instanceof UnreadableDatabaseException unreadable ? namingTheSetting(unreadable) : e;
        }
        this.website = new LiveWebsite(config.siteId(), store, pocketBase);
        this.pipeline = new Pipeline(config, store, this::website, scheduler, clock, geo, shared);
    }

    /** A geolocation file that is no MaxMind DB fails the deployment as a setting that names a bad file. */
    private static InvalidConfigurationException namingTheSetting(UnreadableDatabaseException unreadable) {
        return new InvalidConfigurationException(SkoposProperty.GEOIP_DATABASE, "names '" + unreadable.file()
                + "', which is not a MaxMind DB file: " + unreadable.getCause().getMessage());
    }

    /**
     * A scheduler for the tracker's background work with a thread for each write lane, which waits on PocketBase
     * while it writes, one for the JS error and summary writer, and one for the rest (connecting, probes, timers),
     * all started now. Its owner shuts it down once the tracker has closed.
     *
     * @param threads    makes the threads: in a server, its managed thread factory
     * @param writeLanes {@code skopos.write-concurrency}
     */
    public static ScheduledThreadPoolExecutor backgroundThreads(ThreadFactory threads, int writeLanes) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(writeLanes + 2, threads);
        scheduler.setRemoveOnCancelPolicy(true);
        // made while the application starts: a container may refuse threads to one that is stopping
        scheduler.prestartAllCoreThreads();
        return scheduler;
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        pipeline.start();
        synchronized (lifecycle) {
            pendingConnect = scheduler.schedule(this::connect, 0, TimeUnit.MILLISECONDS);
        }
    }

    /** Where events enter. */
    public Pipeline pipeline() {
        return pipeline;
    }

    public Optional<WebsiteSettings> website() {
        return following ? website.current() : Optional.empty();
    }

    public TrackerStatus status() {
        Optional<PocketBaseException> writeBlockedBy = pipeline.writeBlockedBy();
        boolean connected = !closed && following && pocketBaseAnswers && writeBlockedBy.isEmpty();
        boolean ready = connected || (!closed && !config.readinessFollowsPocketBase());
        Optional<ConnectionProblem> why = connected ? Optional.empty() : Optional.of(whyNotConnected(writeBlockedBy));
        return new TrackerStatus(!closed, ready, pocketBase.generation().map(ApiGeneration::label), why,
                writeBlockedBy.flatMap(PocketBaseException::unavailableCollection), pipeline.delivery(),
                pipeline.sharedState(), pipeline.batchWrites().size(), pipeline.sessionsEndedEarly(),
                pipeline.spoolDamagedTails());
    }

    /** The connection's own problem first; with none, the connection is fine and a write is what is blocked. */
    private ConnectionProblem whyNotConnected(Optional<PocketBaseException> writeBlockedBy) {
        if (closed) {
            return ConnectionProblem.STOPPED;
        }
        ConnectionProblem connection = problem;
        return connection != null ? connection : writeBlockedBy.map(ConnectionProblems::of).orElseThrow();
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            // the first request logs in (or renews the token) as needed
            pipeline.batchWrites().taken(pocketBase.takesBatches());
            WebsiteSettings loaded = website.load();
            pipeline.checkSummaryCollection(loaded.id());
            synchronized (lifecycle) {
                if (closed) {
                    return;
                }
                following = true;
                // what arrived before is queued before readiness says the tracker has caught up
                pipeline.websiteLoaded();
                markAnswering();
                website.follow(longRunningTasks, reconnectBackoff());
                probes = scheduler.scheduleWithFixedDelay(this::probe, probeInterval.toMillis(),
                        probeInterval.toMillis(), TimeUnit.MILLISECONDS);
            }
            LOG.info(() -> "Skopos tracking website '" + loaded.name() + "' (" + loaded.id() + ") in PocketBase at "
                    + pocketBase.baseUrl() + " (API " + pocketBase.generation().map(ApiGeneration::label).orElse("?")
                    + "; storeRawIp and discardShortSessions from " + website.settingsSource() + ")");
        } catch (RuntimeException e) {
            recordProblem(e);
            synchronized (lifecycle) {
                if (!closed) {
                    pendingConnect = scheduler.schedule(this::connect, connectBackoff.next().toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /** How long to wait between attempts to reach PocketBase again, for the first connection and realtime. */
    private static Backoff reconnectBackoff() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /**
     * Reads the website record as the tracker's account: this notices credentials that stopped working and a
     * website record that was deleted, which PocketBase's open health endpoint would not.
     */
    private void probe() {
        try {
            store.get(WEBSITES, website.current().orElseThrow().id());
            markAnswering();
        } catch (RuntimeException e) {
            recordProblem(e instanceof PocketBaseException pb && pb.isNotFound()
                    ? new UnknownWebsiteException(config.siteId(), pocketBase.baseUrl().toString()) : e);
            pocketBaseAnswers = false;
        }
    }

    private synchronized void markAnswering() {
        if (lastLoggedProblem != null) {
            LOG.info(() -> "Skopos reaches PocketBase at " + pocketBase.baseUrl() + " again");
        }
        pocketBaseAnswers = true;
        problem = null;
        lastLoggedProblem = null;
    }

    /** Logs a problem once when it appears, not on every retry. */
    private synchronized void recordProblem(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        problem = ConnectionProblems.of(e);
        if (message.equals(lastLoggedProblem)) {
            LOG.fine(() -> "Skopos still failing: " + message);
            return;
        }
        lastLoggedProblem = message;
        boolean expected = e instanceof PocketBaseException || e instanceof UnknownWebsiteException;
        boolean transientFailure = e instanceof PocketBaseException pb && (pb.isUnreachable() || pb.status() >= 500);
        LOG.log(transientFailure ? Level.WARNING : Level.SEVERE,
                "Skopos: " + message + "; retrying in the background", expected ? null : e);
    }

    /** Writes what is queued (waiting a bounded time), then stops probing, retrying and the realtime stream. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            cancel(pendingConnect);
            cancel(probes);
        }
        try {
            pipeline.drain(DRAIN_TIMEOUT);
        } finally {
            website.close();
            pocketBase.close();
            geo.close();
        }
        LOG.fine("Skopos tracker stopped");
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }
}
