package dev.skopos.jakarta.internal.intake;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SiteCeilingTest {
    private static final long START = Duration.ofDays(20_000).toNanos();

    private static long taken(SiteCeiling ceiling, boolean established, int attempts, long nanos) {
        return IntStream.range(0, attempts).filter(i -> ceiling.tryTake(established, nanos)).count();
    }

    @Test
    void establishedClientsMayTakeOneSecondsWorthAtOnce() {
        assertThat(taken(new SiteCeiling(100), true, 1_000, START)).isEqualTo(100);
    }

    @Test
    void newcomersTakeOnlyTheFirstHalfAndLeaveTheRestToEstablishedClients() {
        SiteCeiling ceiling = new SiteCeiling(100);

        assertThat(taken(ceiling, false, 1_000, START)).isEqualTo(50);
        assertThat(taken(ceiling, true, 1_000, START)).isEqualTo(50);
    }

    @Test
    void theCeilingRefillsAtItsRate() {
        SiteCeiling ceiling = new SiteCeiling(100);
        taken(ceiling, true, 100, START);

        assertThat(taken(ceiling, true, 1_000, START + Duration.ofMillis(200).toNanos())).isEqualTo(20);
        assertThat(taken(ceiling, true, 1_000, START + Duration.ofMinutes(1).toNanos())).isEqualTo(100);
    }
}
