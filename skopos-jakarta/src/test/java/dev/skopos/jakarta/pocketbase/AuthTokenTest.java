package dev.skopos.jakarta.pocketbase;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
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
    void isRenewedShortlyBeforeItExpires() {
        AuthToken token = AuthToken.of(jwtExpiringAt(EXPIRY));

        assertThat(token.needsRefresh(EXPIRY.minus(AuthToken.REFRESH_MARGIN).minusSeconds(1))).isFalse();
        assertThat(token.needsRefresh(EXPIRY.minus(AuthToken.REFRESH_MARGIN))).isTrue();
        assertThat(token.needsRefresh(EXPIRY.plusSeconds(1))).isTrue();
    }

    @Test
    void tokenWithoutReadableExpiryIsKeptUntilRejected() {
        assertThat(AuthToken.of("not-a-jwt").needsRefresh(Instant.MAX)).isFalse();
    }

    @Test
    void neverShowsItsValue() {
        String jwt = jwtExpiringAt(EXPIRY);

        assertThat(AuthToken.of(jwt).toString()).doesNotContain(jwt).contains("2026-01-01T12:00:00Z");
    }
}
