package dev.skopos.jakarta.internal.config;

import dev.skopos.jakarta.internal.intake.RateLimits;
import dev.skopos.jakarta.internal.net.TrustedProxies;
import dev.skopos.jakarta.internal.visitors.VisitorIdScheme;

/**
 * The settings that decide whom the tracker believes, how much it takes from one address and what it keeps
 * about visitors.
 *
 * @param trustedProxies which peers may name the client in a forwarding header
 * @param rateLimits     browser events taken per client address and for the whole site
 * @param visitorIds     how visitor ids are derived; never shows its secret
 * @param respectOptOut  whether a browser sending {@code Sec-GPC: 1} or {@code DNT: 1} is left untracked
 */
public record Safeguards(TrustedProxies trustedProxies, RateLimits rateLimits, VisitorIdScheme visitorIds,
                         boolean respectOptOut) {

    /** Every safeguard at its default: no proxy trusted, the default rate limits, the reference visitor id. */
    public static final Safeguards DEFAULTS = new Safeguards(TrustedProxies.none(), RateLimits.DEFAULTS,
            VisitorIdScheme.reference(), false);

    public Safeguards withTrustedProxies(TrustedProxies proxies) {
        return new Safeguards(proxies, rateLimits, visitorIds, respectOptOut);
    }

    public Safeguards withRateLimits(RateLimits limits) {
        return new Safeguards(trustedProxies, limits, visitorIds, respectOptOut);
    }

    public Safeguards withVisitorIds(VisitorIdScheme scheme) {
        return new Safeguards(trustedProxies, rateLimits, scheme, respectOptOut);
    }

    public Safeguards withRespectOptOut(boolean respect) {
        return new Safeguards(trustedProxies, rateLimits, visitorIds, respect);
    }
}
