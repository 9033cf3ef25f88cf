package dev.skopos.jakarta.health;

import dev.skopos.jakarta.core.ConnectionProblem;
import dev.skopos.jakarta.core.TrackerStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PocketBaseReadinessCheckTest {

    @ParameterizedTest
    @EnumSource(ConnectionProblem.class)
    void downStatesShowOnlyTheApiGenerationAndAShortReasonCode(ConnectionProblem problem) {
        TrackerStatus down = new TrackerStatus(true, false, Optional.of("0.22"), Optional.of(problem), Map.of());

        assertThat(PocketBaseReadinessCheck.data(down))
                .containsOnlyKeys("apiGeneration", "reason")
                .containsEntry("reason", problem.code())
                .allSatisfy((key, value) -> assertThat(value).matches("[a-z0-9.+-]{1,20}"));
    }

    @Test
    void aConnectedTrackerShowsOnlyItsApiGeneration() {
        assertThat(PocketBaseReadinessCheck.data(new TrackerStatus(true, true, Optional.of("0.23+"),
                Optional.empty(), Map.of()))).containsOnlyKeys("apiGeneration").containsEntry("apiGeneration", "0.23+");
    }
}
