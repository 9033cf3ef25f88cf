package dev.skopos.jakarta.internal.pocketbase;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class AuthTokenTest {
    private static final Instant EXPIRY = Instant.parse("2026-01-01T12:00:00Z");

    private static String jwtExpiringAt(Instant expiry) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(("{\"id\":\"x\",\"exp\":" + expiry.getEpochSecond() + "}")
                .getBytes(StandardCharsets.UTF_8)) + ".signature";
    }

    @Test
    void isDueForRenewalOnceHalfItsLifetimeHasPassed() {
        AuthToken token = AuthToken.of(jwtExpiringAt(EXPIRY), EXPIRY.minus(Duration.ofDays(1)));

        assertThat(token.renewalDue(EXPIRY.minus(Duration.ofHours(12)).minusSeconds(1))).isFalse();
        assertThat(token.renewalDue(EXPIRY.minus(Duration.ofHours(12)))).isTrue();
        assertThat(token.expired(EXPIRY.minusSeconds(1))).isFalse();
        assertThat(token.expired(EXPIRY)).isTrue();
    }

    @Test
    void tokenWithoutReadableExpiryIsKeptUntilRejected() {
        AuthToken token = AuthToken.of("not-a-jwt", EXPIRY);

        assertThat(token.renewalDue(Instant.MAX)).isFalse();
        assertThat(token.expired(Instant.MAX)).isFalse();
    }

    @Test
    void neverShowsItsValue() {
        String jwt = jwtExpiringAt(EXPIRY);

        assertThat(AuthToken.of(jwt, EXPIRY).toString()).doesNotContain(jwt).contains("2026-01-01T12:00:00Z");
    }
}
