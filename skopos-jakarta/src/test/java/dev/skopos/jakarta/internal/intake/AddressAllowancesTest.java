package dev.skopos.jakarta.internal.intake;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class AddressAllowancesTest {
    private static final long START = Duration.ofDays(20_000).toNanos();
    private static final long SEED = 7;

    private static ClientKey client(String address) {
        return ClientKey.of(address, 64).orElseThrow();
    }

    private static long taken(AddressAllowances allowances, String address, int attempts, long nanos) {
        ClientKey client = client(address);
        return IntStream.range(0, attempts).filter(i -> allowances.tryTake(client, nanos)).count();
    }

    @Test
    void aBurstUpToOneMinutesAllowancePassesAndNothingBeyond() {
        AddressAllowances allowances = new AddressAllowances(60, 1024, SEED);

        assertThat(taken(allowances, "198.51.100.1", 500, START)).isEqualTo(60);
    }

    @Test
    void theAllowanceRefillsAtTheRateAndNeverAboveOneMinutes() {
        AddressAllowances allowances = new AddressAllowances(60, 1024, SEED);
        taken(allowances, "198.51.100.1", 60, START);

        assertThat(taken(allowances, "198.51.100.1", 10, START + Duration.ofMillis(5_500).toNanos())).isEqualTo(5);
        assertThat(taken(allowances, "198.51.100.1", 500, START + Duration.ofHours(1).toNanos())).isEqualTo(60);
    }

    @Test
    void otherClientsKeepTheirWholeAllowanceBesideAFlooder() {
        AddressAllowances allowances = new AddressAllowances(10, 1 << 16, SEED);
        taken(allowances, "198.51.100.1", 1_000, START);

        assertThat(IntStream.range(0, 200).mapToLong(i -> taken(allowances, "203.0.113." + i, 100, START)))
                .containsOnly(10L);
    }

    @Test
    void aClientIsRefusedOnlyWhereItSharesBothItsCellsWithAFlooder() {
        // two cells in each half: a client shares one cell with the flooder half the time, both a quarter
        long refused = IntStream.range(0, 400).mapToLong(i -> {
            AddressAllowances allowances = new AddressAllowances(10, 4, i);
            taken(allowances, "198.51.100.1", 1_000, START);
            long left = taken(allowances, "203.0.113." + (i % 250), 100, START);
            assertThat(left).isIn(0L, 10L);
            return left == 0 ? 1 : 0;
        }).sum();

        assertThat(refused).isBetween(60L, 140L);
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareTheirAllowance() {
        AddressAllowances allowances = new AddressAllowances(10, 1024, SEED);
        taken(allowances, "2001:db8:1:2::1", 6, START);

        assertThat(taken(allowances, "2001:db8:1:2:ffff::9", 100, START)).isEqualTo(4);
        assertThat(taken(allowances, "2001:db8:1:3::1", 100, START)).isEqualTo(10);
    }

    @Test
    void cyclingThroughMoreAddressesThanTheTableHoldsGetsNoFreshAllowance() {
        int perMinute = 10;
        int cells = 256;
        AddressAllowances allowances = new AddressAllowances(perMinute, cells, SEED);

        long taken = IntStream.range(0, 200_000).filter(i -> allowances.tryTake(
                client("2001:db8:" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i & 0xffff) + "::1"),
                START)).count();

        // every event taken spends a cell's allowance: the table's whole, however many addresses come
        assertThat(taken).isLessThanOrEqualTo((long) cells * perMinute).isGreaterThan(cells * perMinute / 2);
    }
}
