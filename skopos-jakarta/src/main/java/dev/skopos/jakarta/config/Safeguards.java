package dev.skopos.jakarta.config;

import dev.skopos.jakarta.visitors.VisitorIdScheme;
import dev.skopos.jakarta.web.TrustedProxies;

/**
 * The settings that decide whom the tracker believes, how much it takes from one address and what it keeps
 * about visitors.
 *
 * @param trustedProxies     which peers may name the client in a forwarding header
 * @param rateLimitPerMinute browser events taken per client address and minute; 0 for no limit
 * @param visitorIds         how visitor ids are derived; never shows its secret
 * @param respectOptOut      whether a browser sending {@code Sec-GPC: 1} or {@code DNT: 1} is left untracked
 */
public record Safeguards(TrustedProxies trustedProxies, int rateLimitPerMinute, VisitorIdScheme visitorIds,
                         boolean respectOptOut) {
    /**
     * Default rate limit: 20 events a second sustained, with a one-minute burst allowance. One visitor of a
     * single-page app sends an event every few seconds at most, so this lets hundreds of simultaneously
     * active visitors share one NAT address; a flooding script sends thousands a second.
     */
    public static final int DEFAULT_RATE_LIMIT_PER_MINUTE = 1200;

    /** Every safeguard at its default: no proxy trusted, the default rate limit, the reference visitor id. */
    public static final Safeguards DEFAULTS = new Safeguards(TrustedProxies.none(), DEFAULT_RATE_LIMIT_PER_MINUTE,
            VisitorIdScheme.reference(), false);

    public Safeguards withTrustedProxies(TrustedProxies proxies) {
        return new Safeguards(proxies, rateLimitPerMinute, visitorIds, respectOptOut);
    }

    public Safeguards withRateLimitPerMinute(int perMinute) {
        return new Safeguards(trustedProxies, perMinute, visitorIds, respectOptOut);
    }

    public Safeguards withVisitorIds(VisitorIdScheme scheme) {
        return new Safeguards(trustedProxies, rateLimitPerMinute, scheme, respectOptOut);
    }

    public Safeguards withRespectOptOut(boolean respect) {
        return new Safeguards(trustedProxies, rateLimitPerMinute, visitorIds, respect);
    }
}
