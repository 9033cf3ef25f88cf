package dev.skopos.jakarta.metrics;

import dev.skopos.jakarta.delivery.Delivery;
import dev.skopos.jakarta.delivery.DropReason;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One figure of {@link Delivery} as a MicroProfile Metrics gauge, described in plain Java so that only
 * {@link MetricRegistryGauges} touches the Metrics API. Gauges rather than counters because the API has no counter
 * that reads its value from elsewhere; the totals among them only grow while the application runs.
 *
 * @param name        the metric's name; Prometheus output turns dots into underscores and adds the unit
 * @param description what it counts, for the metric's metadata
 * @param unit        {@code none} or {@code seconds}, as MicroProfile Metrics spells units
 * @param tags        tag names and values that tell apart gauges of the same name
 * @param read        its value in a delivery snapshot
 */
record DeliveryGauge(String name, String description, String unit, Map<String, String> tags,
                     Function<Delivery, Number> read) {
    static final String NO_UNIT = "none";
    static final String SECONDS = "seconds";

    DeliveryGauge {
        tags = Map.copyOf(tags);
    }

    private static DeliveryGauge count(String name, String description, Function<Delivery, Number> read) {
        return new DeliveryGauge(name, description, NO_UNIT, Map.of(), read);
    }

    /** The gauges of the tracker: its totals since the application started, and what waits now. */
    static List<DeliveryGauge> all() {
        List<DeliveryGauge> gauges = new ArrayList<>(List.of(
                count("skopos.events.accepted", "Events the tracker accepted since the application started",
                        Delivery::accepted),
                count("skopos.events.written", "Accepted events stored in PocketBase", Delivery::written),
                count("skopos.events.queued", "Accepted events waiting to be written", Delivery::queued),
                new DeliveryGauge("skopos.events.oldest.queued", "How long the oldest queued event has waited;"
                        + " 0 when none waits", SECONDS, Map.of(),
                        delivery -> delivery.oldestQueuedAge().toNanos() / 1e9),
                count("skopos.writes.retried", "PocketBase writes that failed for a passing reason and were"
                        + " tried again", Delivery::retries)));
        for (DropReason reason : DropReason.values()) {
            gauges.add(new DeliveryGauge("skopos.events.dropped", "Events not stored, by reason", NO_UNIT,
                    Map.of("reason", reason.code()), delivery -> delivery.dropped().getOrDefault(reason, 0L)));
        }
        return List.copyOf(gauges);
    }
}
