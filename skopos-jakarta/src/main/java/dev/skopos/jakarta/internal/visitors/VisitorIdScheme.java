package dev.skopos.jakarta.internal.visitors;

import dev.skopos.jakarta.RequestInfo;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * How visitor ids are derived from site, IP and user agent. The reference formula is an unsalted SHA-256,
 * which anyone can reverse by trying every IPv4 address with common user agents. With a secret the id is an
 * HMAC-SHA256 under it instead; with daily rotation, under a key derived from the secret for each UTC day, so
 * that ids of different days cannot be linked even by someone who later learns one day's key. Thread-safe.
 */
public final class VisitorIdScheme {
    /** When the key changes. */
    public enum Rotation {
        NONE, DAILY
    }

    private static final String HMAC = "HmacSHA256";
    private static final VisitorIdScheme REFERENCE = new VisitorIdScheme(null, Rotation.NONE);

    private final byte[] secret;
    private final Rotation rotation;
    private volatile DayKey dayKey;

    private record DayKey(LocalDate day, byte[] key) {
    }

    private VisitorIdScheme(byte[] secret, Rotation rotation) {
        this.secret = secret;
        this.rotation = rotation;
    }

    /** The reference formula, so that ids line up with data other Skopos trackers wrote. */
    public static VisitorIdScheme reference() {
        return REFERENCE;
    }

    /** HMAC under {@code secret}, rotated as {@code rotation} says. */
    public static VisitorIdScheme keyed(String secret, Rotation rotation) {
        return new VisitorIdScheme(secret.getBytes(StandardCharsets.UTF_8), rotation);
    }

    /** The id of the visitor behind {@code request} on the site {@code siteId} at {@code now}. */
    public String of(String siteId, RequestInfo request, Instant now) {
        if (secret == null) {
            return VisitorId.of(siteId, request.clientIp(), request.userAgent());
        }
        byte[] key = rotation == Rotation.DAILY ? keyFor(LocalDate.ofInstant(now, ZoneOffset.UTC)) : secret;
        return HexFormat.of().formatHex(hmac(key, VisitorId.input(siteId, request.clientIp(), request.userAgent())));
    }

    private byte[] keyFor(LocalDate day) {
        DayKey current = dayKey;
        if (current == null || !current.day().equals(day)) {
            current = new DayKey(day, hmac(secret, "skopos visitor id key " + day));
            dayKey = current;
        }
        return current.key();
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + HMAC, e);
        }
    }

    @Override
    public String toString() {
        return secret == null ? "VisitorIdScheme[reference]"
                : "VisitorIdScheme[secret=(hidden), rotation=" + rotation + "]";
    }
}
