package dev.skopos.jakarta.internal.health;

import dev.skopos.jakarta.ConnectionProblem;
import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.TrackerStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PocketBaseReadinessCheckTest {
    private static final Delivery NOTHING_YET = new Delivery(0, 0, 0, 0, Duration.ZERO, Map.of());
    private static final String[] COUNTS = {"accepted", "written", "queued", "oldestQueuedSeconds", "retries",
        "writesPerRequest"};

    @ParameterizedTest
    @EnumSource(ConnectionProblem.class)
    void downStatesShowOnlyPocketBaseDownTheApiGenerationAShortReasonCodeAndCounts(ConnectionProblem problem) {
        TrackerStatus down = new TrackerStatus(true, false, Optional.of("0.22"), Optional.of(problem),
                Optional.empty(), NOTHING_YET, Optional.empty(), 1, 0, 0);

        assertThat(PocketBaseReadinessCheck.data(down))
                .containsOnlyKeys(withCounts("pocketbase", "apiGeneration", "reason"))
                .containsEntry("pocketbase", "down")
                .containsEntry("reason", problem.code())
                .allSatisfy((key, value) -> assertThat(value.toString()).matches("[a-z0-9.+-]{1,20}"));
    }

    @Test
    void aCollectionTheTrackerCannotWriteIsNamed() {
        TrackerStatus down = new TrackerStatus(true, false, Optional.of("0.22"),
                Optional.of(ConnectionProblem.ACCESS_DENIED), Optional.of("js_errors"), NOTHING_YET, Optional.empty(),
                1, 0, 0);

        assertThat(PocketBaseReadinessCheck.data(down)).containsEntry("collection", "js_errors");
    }

    @Test
    void aConnectedTrackerShowsItsApiGenerationAndWhatBecameOfItsEvents() {
        Delivery delivery = new Delivery(10, 6, 2, 3, Duration.ofSeconds(4), Map.of(DropReason.REFUSED, 1L,
                DropReason.RATE_LIMITED, 0L));

        assertThat(PocketBaseReadinessCheck.data(new TrackerStatus(true, true, Optional.of("0.23+"),
                Optional.empty(), Optional.empty(), delivery, Optional.empty(), 50, 0, 0)))
                .containsOnlyKeys(withCounts("pocketbase", "apiGeneration", "dropped.refused"))
                .containsEntry("pocketbase", "up")
                .containsEntry("apiGeneration", "0.23+")
                .containsEntry("accepted", 10L).containsEntry("written", 6L).containsEntry("queued", 3L)
                .containsEntry("oldestQueuedSeconds", 4L).containsEntry("retries", 2L)
                .containsEntry("dropped.refused", 1L).containsEntry("writesPerRequest", 50L);
    }

    @Test
    void aReadyTrackerStillSaysWhenPocketBaseIsDown() {
        TrackerStatus buffering = new TrackerStatus(true, true, Optional.of("0.23+"),
                Optional.of(ConnectionProblem.UNREACHABLE), Optional.empty(), NOTHING_YET, Optional.empty(), 1,
                0, 0);

        assertThat(PocketBaseReadinessCheck.data(buffering)).containsEntry("pocketbase", "down")
                .containsEntry("reason", "unreachable");
    }

    @Test
    void sessionsEndedEarlyAreShownOnceThereAreAny() {
        TrackerStatus squeezed = new TrackerStatus(true, true, Optional.of("0.23+"), Optional.empty(),
                Optional.empty(), NOTHING_YET, Optional.empty(), 1, 3, 0);

        assertThat(PocketBaseReadinessCheck.data(squeezed)).containsEntry("sessionsEndedEarly", 3L)
                .doesNotContainKey("spoolDamagedTails");
    }

    @Test
    void aDamagedSpoolTailIsShownOnceOneWasSkipped() {
        TrackerStatus torn = new TrackerStatus(true, true, Optional.of("0.23+"), Optional.empty(),
                Optional.empty(), NOTHING_YET, Optional.empty(), 1, 0, 1);

        assertThat(PocketBaseReadinessCheck.data(torn)).containsEntry("spoolDamagedTails", 1L);
    }

    @Test
    void sharedStateOutOfReachIsShownWhileTheTrackerStaysReady() {
        TrackerStatus alone = new TrackerStatus(true, true, Optional.of("0.22"), Optional.empty(), Optional.empty(),
                NOTHING_YET, Optional.of("unreachable"), 1, 0, 0);

        assertThat(PocketBaseReadinessCheck.data(alone)).containsEntry("sharedState", "unreachable");
    }

    private static String[] withCounts(String... keys) {
        String[] all = new String[keys.length + COUNTS.length];
        System.arraycopy(keys, 0, all, 0, keys.length);
        System.arraycopy(COUNTS, 0, all, keys.length, COUNTS.length);
        return all;
    }
}
