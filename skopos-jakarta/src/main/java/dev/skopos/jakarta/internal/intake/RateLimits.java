package dev.skopos.jakarta.internal.intake;

/**
 * How much the browser endpoint takes before it refuses, per client and for the whole site.
 *
 * @param perAddressPerMinute browser events taken per client address and minute; 0 for no limit
 * @param ipv6PrefixLength    the leading bits of an IPv6 address that name one client: a subscriber is usually
 *                            given a /64 and may use every address in it
 * @param sitePerSecond       browser events the whole site takes per second; 0 for no ceiling
 */
public record RateLimits(int perAddressPerMinute, int ipv6PrefixLength, int sitePerSecond) {
    /**
     * Default per address: 20 events a second sustained, with a one-minute burst allowance. One visitor of a
     * single-page app sends an event every few seconds at most, so this lets hundreds of simultaneously
     * active visitors share one NAT address; a flooding script sends thousands a second.
     */
    public static final int DEFAULT_PER_ADDRESS_PER_MINUTE = 1200;
    public static final int DEFAULT_IPV6_PREFIX_LENGTH = 64;
    /**
     * Default for the site: a busy site's whole traffic, and about twice what PocketBase on two cores writes
     * per second; the memory budget takes the bursts between.
     */
    public static final int DEFAULT_SITE_PER_SECOND = 1000;

    public static final RateLimits DEFAULTS = new RateLimits(DEFAULT_PER_ADDRESS_PER_MINUTE,
            DEFAULT_IPV6_PREFIX_LENGTH, DEFAULT_SITE_PER_SECOND);

    public RateLimits withPerAddressPerMinute(int perMinute) {
        return new RateLimits(perMinute, ipv6PrefixLength, sitePerSecond);
    }

    public RateLimits withIpv6PrefixLength(int prefixLength) {
        return new RateLimits(perAddressPerMinute, prefixLength, sitePerSecond);
    }

    public RateLimits withSitePerSecond(int perSecond) {
        return new RateLimits(perAddressPerMinute, ipv6PrefixLength, perSecond);
    }
}
