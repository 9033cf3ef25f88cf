package dev.skopos.jakarta.internal.metrics;

import dev.skopos.jakarta.SkoposTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import java.util.logging.Logger;

/**
 * Publishes the tracker's {@link TrackerGauge gauges} as MicroProfile Metrics while the application
 * runs, where the server offers them, and stays out of the way where it does not (WildFly since it moved to
 * Micrometer). Nothing in this bean names the Metrics API, so the container can read it on any server; only
 * {@link MetricRegistryGauges} does, which is no bean and is loaded only once the API is known to be there.
 * (A portable extension that adds a metrics bean only where the API exists does not work everywhere: Payara
 * Micro puts such a bean outside the library's bean archive, where it cannot inject {@link SkoposTracker}.)
 */
@Dependent
class DeliveryMetrics {
    private static final Logger LOG = Logger.getLogger(DeliveryMetrics.class.getName());
    private static final String METRICS_API = "org.eclipse.microprofile.metrics.MetricRegistry";

    void register(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted, SkoposTracker tracker,
                  Instance<Object> beans) {
        if (metricsApiVisible()) {
            MetricRegistryGauges.register(beans, tracker);
        } else {
            LOG.fine("The server offers no MicroProfile Metrics; the delivery counts are in the readiness check");
        }
    }

    /** Removes the gauges, so that a redeployment never finds those of a tracker that is gone. */
    void unregister(@Observes @BeforeDestroyed(ApplicationScoped.class) Object applicationStopping,
                    Instance<Object> beans) {
        if (metricsApiVisible()) {
            MetricRegistryGauges.unregister(beans);
        }
    }

    private static boolean metricsApiVisible() {
        try {
            Class.forName(METRICS_API, false, DeliveryMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
