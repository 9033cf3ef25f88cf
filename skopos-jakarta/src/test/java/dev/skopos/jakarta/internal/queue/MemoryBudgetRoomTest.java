package dev.skopos.jakarta.internal.queue;

import dev.skopos.jakarta.internal.budget.MemoryBudget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryBudgetRoomTest {

    @Test
    void nearlyFullMeansThreeQuartersOfWhatTheReservationsLeaveIsTaken() {
        MemoryBudget budget = new MemoryBudget(1_000);
        budget.reserve(600);

        assertThat(budget.tryTake(300)).isTrue();
        assertThat(budget.nearlyFull()).as("300 of 400 left by the reservations").isFalse();
        assertThat(budget.tryTake(1)).isTrue();
        assertThat(budget.nearlyFull()).isTrue();
        budget.give(1);
        assertThat(budget.nearlyFull()).isFalse();
    }
}
