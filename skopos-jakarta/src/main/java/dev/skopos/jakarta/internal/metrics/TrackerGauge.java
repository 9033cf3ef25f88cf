package dev.skopos.jakarta.internal.metrics;

import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.TrackerStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One figure of the tracker's {@link TrackerStatus} (whether PocketBase is up, and what became of the events) as
 * a MicroProfile Metrics gauge, described in plain Java so that only {@link MetricRegistryGauges} touches the
 * Metrics API. Gauges rather than counters because the API has no counter that reads its value from elsewhere;
 * the totals among them only grow while the application runs.
 *
 * @param name        the metric's name; Prometheus output turns dots into underscores and adds the unit
 * @param description what it counts, for the metric's metadata
 * @param unit        {@code none} or {@code seconds}, as MicroProfile Metrics spells units
 * @param tags        tag names and values that tell apart gauges of the same name
 * @param read        its value in a status snapshot
 */
record TrackerGauge(String name, String description, String unit, Map<String, String> tags,
                    Function<TrackerStatus, Number> read) {
    static final String NO_UNIT = "none";
    static final String SECONDS = "seconds";

    TrackerGauge {
        tags = Map.copyOf(tags);
    }

    private static TrackerGauge count(String name, String description, Function<Delivery, Number> read) {
        return ofDelivery(name, description, NO_UNIT, read);
    }

    private static TrackerGauge ofDelivery(String name, String description, String unit,
                                           Function<Delivery, Number> read) {
        return new TrackerGauge(name, description, unit, Map.of(), status -> read.apply(status.delivery()));
    }

    /**
     * The gauges of the tracker: whether PocketBase is up (what to alert on, since readiness stays UP through
     * PocketBase trouble by default), its totals since the application started, and what waits now.
     */
    static List<TrackerGauge> all() {
        List<TrackerGauge> gauges = new ArrayList<>(List.of(
                new TrackerGauge("skopos.pocketbase.up", "1 while the tracker is connected to PocketBase (website"
                        + " loaded, PocketBase answering and taking its writes), 0 otherwise", NO_UNIT, Map.of(),
                        status -> status.connected() ? 1 : 0),
                count("skopos.events.accepted", "Events the tracker accepted since the application started",
                        Delivery::accepted),
                count("skopos.events.written", "Accepted events stored in PocketBase", Delivery::written),
                count("skopos.events.queued", "Accepted events waiting to be written (after a stop with the"
                        + " spool on, those kept in it for the next start)", Delivery::queued),
                ofDelivery("skopos.events.oldest.queued", "How long the oldest queued event has waited; 0 when"
                        + " none waits", SECONDS, delivery -> delivery.oldestQueuedAge().toNanos() / 1e9),
                count("skopos.writes.retried", "PocketBase writes that failed for a passing reason and were"
                        + " tried again", Delivery::retries),
                new TrackerGauge("skopos.sessions.ended.early", "Sessions ended before their timeout to make room"
                        + " in the memory budget for new ones", NO_UNIT, Map.of(), TrackerStatus::sessionsEndedEarly),
                new TrackerGauge("skopos.spool.damaged.tails", "Torn or damaged tails the durable spool skipped when"
                        + " it read its journal back at start; what they held is lost", NO_UNIT, Map.of(),
                        TrackerStatus::spoolDamagedTails)));
        for (DropReason reason : DropReason.values()) {
            gauges.add(new TrackerGauge("skopos.events.dropped", "Events not stored, by reason", NO_UNIT,
                    Map.of("reason", reason.code()), status -> status.delivery().dropped().getOrDefault(reason, 0L)));
        }
        return List.copyOf(gauges);
    }
}
