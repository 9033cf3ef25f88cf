package dev.skopos.jakarta.internal.intake;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class KnownClientsTest {
    private static final long START = 1_780_000_000L;
    /** One bucket of four slots: every client competes for the same ones. */
    private final KnownClients known = new KnownClients(4, 11);

    private static ClientKey client(int n) {
        return ClientKey.of("198.51." + (n / 250) + "." + (n % 250 + 1), 64).orElseThrow();
    }

    @Test
    void aClientIsEstablishedOnceSeenAgainThirtySecondsAfterItWasFirstSeen() {
        assertThat(known.seen(client(1), START)).isFalse();
        assertThat(known.seen(client(1), START + 29)).isFalse();
        assertThat(known.seen(client(1), START + 30)).isTrue();
        assertThat(known.seen(client(1), START + 600)).isTrue();
    }

    @Test
    void aFloodOfNewcomersDisplacesNoEstablishedClientThatIsStillActive() {
        List<ClientKey> regulars = List.of(client(1), client(2), client(3));
        regulars.forEach(regular -> known.seen(regular, START));
        regulars.forEach(regular -> known.seen(regular, START + 30));

        for (int second = 31; second < 600; second++) {
            int now = second;
            IntStream.range(0, 100).forEach(i -> known.seen(client(1_000 + now * 100 + i), START + now));
            if (second % 10 == 0) {
                regulars.forEach(regular -> assertThat(known.seen(regular, START + now)).isTrue());
            }
        }
    }

    @Test
    void aNewcomerWaitsItsThirtySecondsEvenWhileNewcomersFloodItsBucket() {
        known.seen(client(1), START);
        for (int second = 0; second < 30; second++) {
            known.seen(client(100 + second), START + second);
            known.seen(client(1), START + second);
        }

        assertThat(known.seen(client(1), START + 30)).as("its slot was the most recently seen newcomer's").isTrue();
    }

    @Test
    void aClientQuietForHalfAnHourStartsAgainAsNew() {
        known.seen(client(1), START);
        known.seen(client(1), START + 60);

        assertThat(known.seen(client(1), START + 60 + 31 * 60)).isFalse();
    }

    @Test
    void establishedClientsGoneQuietMakeRoomForNewcomers() {
        IntStream.rangeClosed(1, 4).forEach(n -> known.seen(client(n), START));
        IntStream.rangeClosed(1, 4).forEach(n -> known.seen(client(n), START + 30));

        known.seen(client(5), START + 31 * 60);

        assertThat(known.seen(client(5), START + 32 * 60)).as("remembered in a quiet client's slot").isTrue();
    }
}
