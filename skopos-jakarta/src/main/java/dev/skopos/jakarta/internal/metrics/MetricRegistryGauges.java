package dev.skopos.jakarta.internal.metrics;

import dev.skopos.jakarta.SkoposTracker;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.util.logging.Logger;

/**
 * The tracker's gauges in the application's MicroProfile Metrics registry. The only class that uses the Metrics
 * API; {@link DeliveryMetrics} calls it only where that API is visible.
 */
final class MetricRegistryGauges {
    private static final Logger LOG = Logger.getLogger(MetricRegistryGauges.class.getName());

    private MetricRegistryGauges() {
    }

    /** Adds a gauge for each figure; each read of one takes a fresh snapshot of the tracker's counts. */
    static void register(Instance<Object> beans, SkoposTracker tracker) {
        Instance<MetricRegistry> registries = beans.select(MetricRegistry.class);
        if (!registries.isResolvable()) {
            LOG.fine("The MicroProfile Metrics API is there but no registry to inject;"
                    + " the tracker publishes no metrics");
            return;
        }
        MetricRegistry registry = registries.get();
        for (TrackerGauge gauge : TrackerGauge.all()) {
            Metadata metadata = Metadata.builder().withName(gauge.name()).withDescription(gauge.description())
                    .withUnit(gauge.unit()).build();
            registry.gauge(metadata, () -> gauge.read().apply(tracker.status()), tags(gauge));
        }
    }

    static void unregister(Instance<Object> beans) {
        Instance<MetricRegistry> registries = beans.select(MetricRegistry.class);
        if (registries.isResolvable()) {
            MetricRegistry registry = registries.get();
            TrackerGauge.all().forEach(gauge -> registry.remove(new MetricID(gauge.name(), tags(gauge))));
        }
    }

    private static Tag[] tags(TrackerGauge gauge) {
        return gauge.tags().entrySet().stream().map(tag -> new Tag(tag.getKey(), tag.getValue())).toArray(Tag[]::new);
    }
}
