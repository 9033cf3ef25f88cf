package dev.skopos.jakarta.intake;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    private static long taken(RateLimiter limiter, String ip, int attempts, Instant at) {
        return IntStream.range(0, attempts).filter(i -> limiter.tryAcquire(Optional.of(ip), at)).count();
    }

    @Test
    void aBurstUpToOneMinutesAllowancePassesAndNothingBeyond() {
        RateLimiter limiter = new RateLimiter(60, 1_000);

        assertThat(taken(limiter, "198.51.100.1", 500, START)).isEqualTo(60);
    }

    @Test
    void theAllowanceRefillsAtTheRate() {
        RateLimiter limiter = new RateLimiter(60, 1_000);
        taken(limiter, "198.51.100.1", 60, START);

        assertThat(taken(limiter, "198.51.100.1", 10, START.plus(Duration.ofMillis(5_500)))).isEqualTo(5);
        assertThat(taken(limiter, "198.51.100.1", 500, START.plus(Duration.ofHours(1)))).as("never above one minute's")
                .isEqualTo(60);
    }

    @Test
    void eachAddressHasItsOwnAllowance() {
        RateLimiter limiter = new RateLimiter(10, 1_000);
        taken(limiter, "198.51.100.1", 100, START);

        assertThat(taken(limiter, "198.51.100.2", 100, START)).isEqualTo(10);
    }

    @Test
    void ipv6AddressesShareTheAllowanceOfTheirSlash64() {
        RateLimiter limiter = new RateLimiter(10, 1_000);
        taken(limiter, "2001:db8:1:2::1", 6, START);

        assertThat(taken(limiter, "2001:db8:1:2:ffff::9", 100, START)).isEqualTo(4);
        assertThat(taken(limiter, "2001:db8:1:3::1", 100, START)).isEqualTo(10);
    }

    @Test
    void zeroTurnsTheLimitOff() {
        assertThat(taken(new RateLimiter(0, 1_000), "198.51.100.1", 10_000, START)).isEqualTo(10_000);
    }

    @Test
    void requestsWithoutAddressShareOneAllowance() {
        RateLimiter limiter = new RateLimiter(5, 1_000);

        assertThat(IntStream.range(0, 50).filter(i -> limiter.tryAcquire(Optional.empty(), START)).count())
                .isEqualTo(5);
    }

    @Test
    void onlyTheMostRecentlySeenAddressesAreRemembered() {
        RateLimiter limiter = new RateLimiter(10, 3);
        taken(limiter, "198.51.100.1", 100, START);
        taken(limiter, "198.51.100.2", 1, START);
        taken(limiter, "198.51.100.3", 1, START);

        assertThat(taken(limiter, "198.51.100.1", 100, START)).as("still remembered").isZero();
        taken(limiter, "198.51.100.4", 1, START);
        taken(limiter, "198.51.100.5", 1, START);
        taken(limiter, "198.51.100.6", 1, START);
        assertThat(taken(limiter, "198.51.100.1", 100, START)).as("forgotten: a full allowance").isEqualTo(10);
    }
}
