package dev.skopos.jakarta.pocketbase;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import static dev.skopos.jakarta.support.JsonProviders.JSON;

/** An admin token and the moment it stops being valid, read from the JWT's {@code exp} claim. */
final class AuthToken {
    /** Log in again this long before the token expires, so no request races the expiry. */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private final String value;
    private final Optional<Instant> expiresAt;

    private AuthToken(String value, Optional<Instant> expiresAt) {
        this.value = value;
        this.expiresAt = expiresAt;
    }

    static AuthToken of(String jwt) {
        return new AuthToken(jwt, expiryOf(jwt));
    }

    String value() {
        return value;
    }

    boolean needsRefresh(Instant now) {
        return expiresAt.map(expiry -> !now.isBefore(expiry.minus(REFRESH_MARGIN))).orElse(false);
    }

    private static Optional<Instant> expiryOf(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try (JsonReader reader = JSON.createReader(new StringReader(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)))) {
            JsonNumber exp = reader.readObject().getJsonNumber("exp");
            return exp == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(exp.longValue()));
        } catch (IllegalArgumentException | JsonException | ClassCastException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "AuthToken[(hidden), expiresAt=" + expiresAt.map(Instant::toString).orElse("unknown") + "]";
    }
}
