package dev.skopos.jakarta.internal.visitors;

import dev.skopos.jakarta.internal.support.Sha256;

import java.util.Optional;

/** The cookieless visitor id: SHA-256 of {@code siteId-ip-userAgent}, {@code unknown} for a missing part. */
public final class VisitorId {
    private VisitorId() {
    }

    public static String of(String siteId, Optional<String> ip, Optional<String> userAgent) {
        return Sha256.hex(input(siteId, ip, userAgent));
    }

    /** What the formula hashes. */
    static String input(String siteId, Optional<String> ip, Optional<String> userAgent) {
        return siteId + "-" + ip.orElse("unknown") + "-" + userAgent.orElse("unknown");
    }
}
