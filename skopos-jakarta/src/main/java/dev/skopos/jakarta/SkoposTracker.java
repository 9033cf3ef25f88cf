package dev.skopos.jakarta;

import dev.skopos.jakarta.config.SkoposConfig;
import dev.skopos.jakarta.config.SkoposConfigReader;
import dev.skopos.jakarta.core.TrackerCore;
import dev.skopos.jakarta.core.TrackerStatus;
import dev.skopos.jakarta.pipeline.FlushResult;
import dev.skopos.jakarta.pipeline.InvalidEventException;
import dev.skopos.jakarta.pocketbase.PocketBaseClient;
import dev.skopos.jakarta.web.CurrentRequest;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedExecutors;
import jakarta.enterprise.concurrent.ManagedTask;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.Config;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Skopos tracker of this application: inject it where events are recorded. It starts with the
 * application (no request needed), reads its settings from MicroProfile Config and connects to PocketBase
 * in the background on the container's default managed scheduled executor, the one resource it needs; it
 * drains its queues and stops with the application. Every method is thread-safe and returns without
 * waiting for PocketBase, except {@link #flush()}.
 */
@ApplicationScoped
public class SkoposTracker {
    private static final Logger LOG = Logger.getLogger(SkoposTracker.class.getName());
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Config config;

    @Inject
    Instance<CurrentRequest> currentRequest;

    private ManagedScheduledExecutorService scheduler;
    private TrackerCore core;

    /** Creates the tracker as soon as the application starts instead of on first use. */
    void startWithApplication(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        status();
    }

    /**
     * Looked up rather than injected: Payara reads {@code @Resource} fields of a library in {@code WEB-INF/lib}
     * as String entries, while the standard default name resolves on every server.
     */
    private static ManagedScheduledExecutorService defaultScheduler() {
        try {
            return InitialContext.doLookup("java:comp/DefaultManagedScheduledExecutorService");
        } catch (NamingException e) {
            throw new IllegalStateException("Skopos needs the default ManagedScheduledExecutorService "
                    + "(Jakarta Concurrency); enable it in the server", e);
        }
    }

    @PostConstruct
    void start() {
        scheduler = defaultScheduler();
        SkoposConfig settings = new SkoposConfigReader(name -> config.getOptionalValue(name, String.class)).read();
        core = new TrackerCore(settings, PocketBaseClient.create(settings.pocketBaseUrl(), settings.credentials()),
                scheduler, this::runLongRunning, TrackerCore.DEFAULT_PROBE_INTERVAL, Clock.systemUTC());
        core.start();
    }

    /** Runs a task that lives as long as the application on the managed executor, marked long-running. */
    private void runLongRunning(Runnable task) {
        scheduler.execute(ManagedExecutors.managedTask(task,
                Map.of(ManagedTask.LONGRUNNING_HINT, "true", ManagedTask.IDENTITY_NAME, "skopos-realtime"), null));
    }

    @PreDestroy
    void stop() {
        try {
            core.close();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Skopos did not stop cleanly", e);
        }
    }

    /**
     * Records a payload of the browser script for the given request; the endpoint at
     * {@code {application path}/event} calls this. Invalid or filtered payloads are dropped silently (logged
     * at FINE). Returns whether the event was accepted.
     */
    public boolean trackApiEvent(RequestInfo request, JsonObject payload) {
        return core.pipeline().trackBrowserEvent(request, payload);
    }

    /**
     * Records a custom event for the visitor of the current request, or for the server visitor when there is
     * no request (timers, message beans).
     *
     * @throws InvalidEventException when the name is empty or longer than 255 characters
     */
    public boolean trackServerEvent(String name) {
        return trackServerEvent(name, Map.of());
    }

    /**
     * As {@link #trackServerEvent(String)}, with custom data: strings, numbers, booleans, maps and lists, at
     * most 8192 characters as JSON.
     *
     * @throws InvalidEventException when the name or data break the rules
     */
    public boolean trackServerEvent(String name, Map<String, ?> customData) {
        return core.pipeline().trackServerEvent(currentRequest(), name, customData);
    }

    /**
     * Links the visitor of the current request to an account. {@code data} may hold {@code name} (≤255),
     * {@code email} (a valid address, stored lower-cased), {@code phone} (≤50) and {@code metadata} (a map,
     * ≤8192 characters as JSON).
     *
     * @throws InvalidEventException when anything is invalid; then nothing is written
     */
    public boolean identify(String userId, Map<String, ?> data) {
        return core.pipeline().identify(currentRequest(), userId, data);
    }

    /** Writes every queued event and JS error report now, waiting up to 30 s for PocketBase. */
    public FlushResult flush() {
        return core.pipeline().flush(FLUSH_TIMEOUT);
    }

    /** The tracker's view of its PocketBase connection; never contains secrets. */
    public TrackerStatus status() {
        return core.status();
    }

    private Optional<RequestInfo> currentRequest() {
        try {
            return currentRequest.get().info();
        } catch (ContextNotActiveException e) {
            return Optional.empty();
        }
    }
}
