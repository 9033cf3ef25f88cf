package dev.skopos.jakarta.metrics;

import dev.skopos.jakarta.delivery.Delivery;
import dev.skopos.jakarta.delivery.DropReason;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryGaugeTest {

    /** Each gauge under its name and tags, with the value it reads from the delivery. */
    private static Map<String, Number> read(Delivery delivery) {
        Map<String, Number> values = new HashMap<>();
        DeliveryGauge.all().forEach(gauge -> assertThat(values.put(gauge.name() + gauge.tags(),
                gauge.read().apply(delivery))).as("a second gauge %s%s", gauge.name(), gauge.tags()).isNull());
        return values;
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
        assertThat(DeliveryGauge.all()).filteredOn(gauge -> gauge.name().equals("skopos.events.dropped"))
                .extracting(gauge -> gauge.tags().get("reason"))
                .containsExactlyElementsOf(Arrays.stream(DropReason.values()).map(DropReason::code).toList());
    }

    @Test
    void onlyTheAgeHasAUnitAndItIsTheOneMicroProfileMetricsSpellsSeconds() {
        assertThat(DeliveryGauge.all()).allSatisfy(gauge -> assertThat(gauge.unit())
                .isEqualTo(gauge.name().equals("skopos.events.oldest.queued") ? MetricUnits.SECONDS : MetricUnits.NONE));
    }
}
