package dev.skopos.jakarta.internal.metrics;

import dev.skopos.jakarta.ConnectionProblem;
import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.TrackerStatus;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TrackerGaugeTest {

    private static final Delivery NOTHING_YET = new Delivery(0, 0, 0, 0, Duration.ZERO, Map.of());

    private static Map<String, Number> read(Optional<ConnectionProblem> problem, Delivery delivery,
                                            long sessionsEndedEarly) {
        return read(new TrackerStatus(true, true, Optional.of("0.23+"), problem, Optional.empty(), delivery,
                Optional.empty(), 1, sessionsEndedEarly, 0));
    }

    /** Each gauge under its name and tags, with the value it reads from the tracker's status. */
    private static Map<String, Number> read(TrackerStatus status) {
        Map<String, Number> values = new HashMap<>();
        TrackerGauge.all().forEach(gauge -> assertThat(values.put(gauge.name() + gauge.tags(),
                gauge.read().apply(status))).as("a second gauge %s%s", gauge.name(), gauge.tags()).isNull());
        return values;
    }

    private static Map<String, Number> read(Delivery delivery) {
        return read(Optional.empty(), delivery, 0);
    }

    private static Map<String, Number> read(ConnectionProblem problem) {
        return read(Optional.of(problem), NOTHING_YET, 0);
    }

    @Test
    void pocketBaseIsUpWhileTheTrackerIsConnectedAndDownOtherwise() {
        assertThat(read(NOTHING_YET)).containsEntry("skopos.pocketbase.up{}", 1);
        assertThat(read(ConnectionProblem.UNREACHABLE)).containsEntry("skopos.pocketbase.up{}", 0);
        assertThat(read(ConnectionProblem.CREDENTIALS)).containsEntry("skopos.pocketbase.up{}", 0);
    }

    @Test
    void sessionsEndedEarlyAreCounted() {
        assertThat(read(Optional.empty(), NOTHING_YET, 7)).containsEntry("skopos.sessions.ended.early{}", 7L);
    }

    @Test
    void damagedSpoolTailsAreCounted() {
        assertThat(read(new TrackerStatus(true, true, Optional.of("0.23+"), Optional.empty(), Optional.empty(),
                NOTHING_YET, Optional.empty(), 1, 0, 2))).containsEntry("skopos.spool.damaged.tails{}", 2L);
    }

    @Test
    void eachGaugeReadsItsOwnFigureOfTheSnapshot() {
        Delivery delivery = new Delivery(20, 11, 3, 5, Duration.ofMillis(2500),
                Map.of(DropReason.FILTERED, 2L, DropReason.REFUSED, 1L));

        assertThat(read(delivery))
                .containsEntry("skopos.events.accepted{}", 20L)
                .containsEntry("skopos.events.written{}", 11L)
                .containsEntry("skopos.writes.retried{}", 3L)
                .containsEntry("skopos.events.queued{}", 5L)
                .containsEntry("skopos.events.oldest.queued{}", 2.5)
                .containsEntry("skopos.events.dropped{reason=filtered}", 2L)
                .containsEntry("skopos.events.dropped{reason=refused}", 1L)
                .containsEntry("skopos.events.dropped{reason=shutdown}", 0L);
    }

    @Test
    void everyDropReasonHasItsGaugeTaggedWithItsCode() {
        assertThat(TrackerGauge.all()).filteredOn(gauge -> gauge.name().equals("skopos.events.dropped"))
                .extracting(gauge -> gauge.tags().get("reason"))
                .containsExactlyElementsOf(Arrays.stream(DropReason.values()).map(DropReason::code).toList());
    }

    @Test
    void onlyTheAgeHasAUnitAndItIsTheOneMicroProfileMetricsSpellsSeconds() {
        assertThat(TrackerGauge.all()).allSatisfy(gauge -> assertThat(gauge.unit())
                .isEqualTo(gauge.name().equals("skopos.events.oldest.queued") ? MetricUnits.SECONDS
                        : MetricUnits.NONE));
    }
}
