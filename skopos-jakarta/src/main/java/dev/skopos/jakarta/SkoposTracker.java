package dev.skopos.jakarta;

import dev.skopos.jakarta.internal.cluster.SharedStates;
import dev.skopos.jakarta.internal.config.SkoposConfig;
import dev.skopos.jakarta.internal.config.SkoposConfigReader;
import dev.skopos.jakarta.internal.core.TrackerCore;
import dev.skopos.jakarta.internal.net.TrustedProxies;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseClient;
import dev.skopos.jakarta.internal.store.PocketBaseStore;
import dev.skopos.jakarta.internal.web.CurrentRequest;
import dev.skopos.jakarta.internal.web.EventEndpoint;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
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

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Skopos tracker of this application: inject it where events are recorded. It starts with the
 * application (no request needed), reads its settings from MicroProfile Config and connects to PocketBase
 * and writes to it in the background, on threads of the container's default managed thread factory: a few of
 * its own (one per write lane and two more), and one for the realtime subscription to PocketBase. It
 * drains its queues and stops with the application. Every method is thread-safe and returns without waiting for
 * PocketBase, except {@link #flush()}.
 */
@ApplicationScoped
public class SkoposTracker {
    private static final Logger LOG = Logger.getLogger(SkoposTracker.class.getName());
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Config config;

    @Inject
    Instance<CurrentRequest> currentRequest;

    private TrackerCore core;
    private ScheduledThreadPoolExecutor backgroundThreads;
    private TrustedProxies trustedProxies;
    /** The browser script's endpoint; empty with {@code skopos.endpoint.enabled=false}. */
    private Optional<EventEndpoint> endpoint;

    /** Creates the tracker as soon as the application starts instead of on first use. */
    void startWithApplication(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        status();
    }

    /**
     * A Jakarta Concurrency default resource, looked up rather than injected: Payara reads {@code @Resource}
     * fields of a library in {@code WEB-INF/lib} as String entries, while the standard names resolve on every
     * server.
     */
    private static <T> T defaultResource(Class<T> type) {
        try {
            return type.cast(InitialContext.doLookup("java:comp/Default" + type.getSimpleName()));
        } catch (NamingException | ClassCastException e) {
            throw new IllegalStateException("Skopos needs the default " + type.getSimpleName()
                    + " (Jakarta Concurrency); enable it in the server", e);
        }
    }

    @PostConstruct
    void start() {
        ManagedThreadFactory threads = defaultResource(ManagedThreadFactory.class);
        SkoposConfig settings = new SkoposConfigReader(name -> config.getOptionalValue(name, String.class)).read();
        trustedProxies = settings.safeguards().trustedProxies();
        PocketBaseClient pocketBase = PocketBaseClient.create(settings.pocketBaseUrl(), settings.credentials());
        // not the container's default managed scheduled executor: a write lane holds its thread while PocketBase
        // answers, and Open Liberty runs that executor's tasks on the pool that serves the application's requests
        // (Payara's runs one task at a time)
        backgroundThreads = TrackerCore.backgroundThreads(threads, settings.writeConcurrency());
        try {
            core = new TrackerCore(settings, pocketBase, new PocketBaseStore(pocketBase), backgroundThreads,
                    // the realtime stream blocks for the application's lifetime: a thread of its own
                    task -> threads.newThread(task).start(),
                    TrackerCore.DEFAULT_PROBE_INTERVAL, Clock.systemUTC(), SharedStates.open(settings.sharedState()));
        } catch (RuntimeException e) {
            backgroundThreads.shutdownNow();
            throw e;
        }
        core.start();
        endpoint = settings.endpointEnabled() ? Optional.of(new EventEndpoint(core.pipeline())) : Optional.empty();
    }

    @PreDestroy
    void stop() {
        try {
            core.close();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Skopos did not stop cleanly", e);
        } finally {
            // the drain ran on this thread; what is left on the background threads has nothing to write
            backgroundThreads.shutdownNow();
        }
    }

    /**
     * Records a payload of the browser script, already parsed, for the given request, with the same checks as
     * {@link #receiveApiEvent}. Invalid or filtered payloads are dropped silently (counted, and logged at FINE).
     *
     * @param request the request the payload came with
     * @param payload the browser script's event
     * @return whether the event was accepted
     */
    public boolean trackApiEvent(RequestInfo request, JsonObject payload) {
        return core.pipeline().trackBrowserEvent(request, payload);
    }

    /**
     * Receives a request of the browser script as the endpoint at {@code {application path}/event} does, for
     * code that receives such requests another way (a servlet, say): refuses what it can before reading
     * {@code body} (a declared length over 32 KB, the rate limits, an opt-out, automation headers), then reads
     * at most 32 KB of it and records the event.
     *
     * @param request       the request, as the request filter captures it
     * @param contentLength the body's declared length; null when not declared
     * @param body          the request's body, read at most up to 32 KB
     * @return the HTTP status to answer: 204 for an event accepted or dropped, 400 for a body that is not a
     *         JSON object, 413 for one over 32 KB; 404 with {@code skopos.endpoint.enabled=false}, without
     *         reading anything
     * @throws IOException when reading the body fails
     */
    public int receiveApiEvent(RequestInfo request, Long contentLength, InputStream body) throws IOException {
        return endpoint.isEmpty() ? 404 : endpoint.get().receive(request, contentLength, body);
    }

    /**
     * Whether the browser script's endpoint takes events ({@code skopos.endpoint.enabled}, on by default). When
     * off, the endpoint answers 404 and the request filter captures nothing, so tracker calls made while
     * serving a request belong to the server visitor.
     *
     * @return whether the endpoint takes events
     */
    public boolean endpointEnabled() {
        return endpoint.isPresent();
    }

    /**
     * Records a custom event for the visitor of the current request, or for the server visitor when there is
     * no request (timers, message beans).
     *
     * @param name the event's name
     * @return whether the event was accepted: false once the tracker is stopping, or when it was dropped (over
     *         the memory budget, an opted-out visitor), which is counted
     * @throws InvalidEventException when the name is empty or longer than 255 characters
     */
    public boolean trackServerEvent(String name) {
        return trackServerEvent(name, Map.of());
    }

    /**
     * As {@link #trackServerEvent(String)}, with custom data: strings, numbers, booleans, maps and lists, at
     * most 8192 characters as JSON.
     *
     * @param name       the event's name
     * @param customData the event's data
     * @return whether the event was accepted, as for {@link #trackServerEvent(String)}
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
     * @param userId the account's id in the application
     * @param data   what to store about the account
     * @return whether the identification was accepted, as for {@link #trackServerEvent(String)}
     * @throws InvalidEventException when anything is invalid; then nothing is written
     */
    public boolean identify(String userId, Map<String, ?> data) {
        return core.pipeline().identify(currentRequest(), userId, data);
    }

    /**
     * The client of a request: the socket's peer, or, when that peer is one of {@code skopos.trusted-proxies},
     * the address the proxies forwarded. Empty when there is no valid IP address to name.
     *
     * @param remoteAddress the socket's peer address
     * @param header        header lookup by name (case-insensitive), null when absent
     * @return the client's normalised IP address
     */
    public Optional<String> clientAddress(String remoteAddress, Function<String, String> header) {
        return trustedProxies.clientAddress(remoteAddress, header);
    }

    /**
     * Writes every queued event and JS error report now, waiting up to 30 s for PocketBase.
     *
     * @return whether everything was written in time, and what was left
     */
    public FlushResult flush() {
        return core.pipeline().flush(FLUSH_TIMEOUT);
    }

    /**
     * The tracker's state, for health checks and monitoring; never contains secrets.
     *
     * @return whether it runs and is connected, and what became of the events handed to it
     */
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
