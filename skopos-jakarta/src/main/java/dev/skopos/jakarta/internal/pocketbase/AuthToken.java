package dev.skopos.jakarta.internal.pocketbase;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * A token PocketBase issued, when it arrived, and the moment it stops being valid, read from the JWT's
 * {@code exp} claim. Its renewal is due once half its lifetime has passed: a superuser's day-long token is renewed
 * after 12 hours, which leaves the other 12 for a PocketBase that is away at that moment.
 */
final class AuthToken {
    private final String value;
    private final Instant receivedAt;
    private final Optional<Instant> expiresAt;

    private AuthToken(String value, Instant receivedAt, Optional<Instant> expiresAt) {
        this.value = value;
        this.receivedAt = receivedAt;
        this.expiresAt = expiresAt;
    }

    static AuthToken of(String jwt, Instant receivedAt) {
        return new AuthToken(jwt, receivedAt, expiryOf(jwt));
    }

    String value() {
        return value;
    }

    /** Whether half the token's lifetime has passed; a token whose expiry is unknown is kept until rejected. */
    boolean renewalDue(Instant now) {
        return expiresAt.map(expiry -> !now.isBefore(receivedAt.plus(Duration.between(receivedAt, expiry)
                .dividedBy(2)))).orElse(false);
    }

    /** Whether the token has expired, and no renewal can work any more. */
    boolean expired(Instant now) {
        return expiresAt.map(expiry -> !now.isBefore(expiry)).orElse(false);
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
