package dev.skopos.jakarta.config;

import dev.skopos.jakarta.web.TrustedProxies;

/**
 * The settings that decide whom the tracker believes and what it keeps about visitors.
 *
 * @param trustedProxies which peers may name the client in a forwarding header
 */
public record Safeguards(TrustedProxies trustedProxies) {
    /** Every safeguard at its default: no proxy trusted. */
    public static final Safeguards DEFAULTS = new Safeguards(TrustedProxies.none());

    public Safeguards withTrustedProxies(TrustedProxies proxies) {
        return new Safeguards(proxies);
    }
}
