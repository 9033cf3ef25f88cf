package dev.skopos.jakarta.internal.cdi;

import dev.skopos.jakarta.FlushResult;
import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.SkoposTracker;
import dev.skopos.jakarta.TrackerStatus;
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
 * The {@link SkoposTracker} the container injects: it builds the tracker's parts from MicroProfile Config and
 * the container's default managed thread factory when the application starts, and stops them with it.
 */
@ApplicationScoped
public class TrackerBean implements SkoposTracker {
    private static final Logger LOG = Logger.getLogger(TrackerBean.class.getName());
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

    @Override
    public boolean trackApiEvent(RequestInfo request, JsonObject payload) {
        return core.pipeline().trackBrowserEvent(request, payload);
    }

    @Override
    public int receiveApiEvent(RequestInfo request, Long contentLength, InputStream body) throws IOException {
        return endpoint.isEmpty() ? 404 : endpoint.get().receive(request, contentLength, body);
    }

    @Override
    public boolean endpointEnabled() {
        return endpoint.isPresent();
    }

    @Override
    public boolean trackServerEvent(String name, Map<String, ?> customData) {
        return core.pipeline().trackServerEvent(currentRequest(), name, customData);
    }

    @Override
    public boolean identify(String userId, Map<String, ?> data) {
        return core.pipeline().identify(currentRequest(), userId, data);
    }

    @Override
    public Optional<String> clientAddress(String remoteAddress, Function<String, String> header) {
        return trustedProxies.clientAddress(remoteAddress, header);
    }

    @Override
    public FlushResult flush() {
        return core.pipeline().flush(FLUSH_TIMEOUT);
    }

    @Override
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
