package dev.skopos.jakarta.config;

import dev.skopos.jakarta.pipeline.VisitorIdScheme;
import dev.skopos.jakarta.web.TrustedProxies;

/**
 * The settings that decide whom the tracker believes and what it keeps about visitors.
 *
 * @param trustedProxies which peers may name the client in a forwarding header
 * @param visitorIds     how visitor ids are derived; never shows its secret
 */
public record Safeguards(TrustedProxies trustedProxies, VisitorIdScheme visitorIds) {
    /** Every safeguard at its default: no proxy trusted, the reference visitor id. */
    public static final Safeguards DEFAULTS = new Safeguards(TrustedProxies.none(), VisitorIdScheme.reference());

    public Safeguards withTrustedProxies(TrustedProxies proxies) {
        return new Safeguards(proxies, visitorIds);
    }

    public Safeguards withVisitorIds(VisitorIdScheme scheme) {
        return new Safeguards(trustedProxies, scheme);
    }
}
