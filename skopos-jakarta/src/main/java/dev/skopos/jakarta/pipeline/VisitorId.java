package dev.skopos.jakarta.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** The cookieless visitor id: SHA-256 of {@code siteId-ip-userAgent}, {@code unknown} for a missing part. */
final class VisitorId {
    private VisitorId() {
    }

    static String of(String siteId, Optional<String> ip, Optional<String> userAgent) {
        return sha256Hex(input(siteId, ip, userAgent));
    }

    /** What the formula hashes. */
    static String input(String siteId, Optional<String> ip, Optional<String> userAgent) {
        return siteId + "-" + ip.orElse("unknown") + "-" + userAgent.orElse("unknown");
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
