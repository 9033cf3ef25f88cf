package dev.skopos.jakarta.internal.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of UTF-8 text, for visitor ids, JS error hashes and derived record ids. */
public final class Sha256 {
    /**
     * Never used itself, only copied: a copy costs less than looking the algorithm up among the security
     * providers, which every event would otherwise do for its visitor id.
     */
    private static final MessageDigest PROTOTYPE = lookUp();

    private Sha256() {
    }

    private static MessageDigest lookUp() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static byte[] digest(String text) {
        return fresh().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest fresh() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return lookUp();
        }
    }

    /** The digest as 64 lower-case hex digits. */
    public static String hex(String text) {
        return HexFormat.of().formatHex(digest(text));
    }
}
