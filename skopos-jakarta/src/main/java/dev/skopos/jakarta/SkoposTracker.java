package dev.skopos.jakarta;

import dev.skopos.jakarta.config.SkoposConfig;
import dev.skopos.jakarta.config.SkoposConfigReader;
import dev.skopos.jakarta.core.TrackerCore;
import dev.skopos.jakarta.core.TrackerStatus;
import dev.skopos.jakarta.pocketbase.PocketBaseClient;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

/**
 * The Skopos tracker of this application: inject it where events are recorded. It starts with the
 * application (no request needed), reads its settings from MicroProfile Config and connects to PocketBase
 * in the background on the container's default managed executor; it stops with the application.
 */
@ApplicationScoped
public class SkoposTracker {

    @Inject
    Config config;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threadFactory;

    private TrackerCore core;

    /** Creates the tracker as soon as the application starts instead of on first use. */
    void startWithApplication(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        status();
    }

    @PostConstruct
    void start() {
        SkoposConfig settings = new SkoposConfigReader(name -> config.getOptionalValue(name, String.class)).read();
        core = new TrackerCore(settings, PocketBaseClient.create(settings.pocketBaseUrl(), settings.credentials()),
                scheduler, threadFactory, TrackerCore.DEFAULT_PROBE_INTERVAL);
        core.start();
    }

    @PreDestroy
    void stop() {
        core.close();
    }

    /** The tracker's view of its PocketBase connection; never contains secrets. */
    public TrackerStatus status() {
        return core.status();
    }
}
