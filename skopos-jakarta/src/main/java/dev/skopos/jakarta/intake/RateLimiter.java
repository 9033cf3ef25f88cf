package dev.skopos.jakarta.intake;

import dev.skopos.jakarta.support.BoundedCache;
import dev.skopos.jakarta.web.IpLiteral;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A token bucket per client address: each holds up to one minute's allowance, refilled continuously, so a
 * burst of that size passes at once and a sustained stream is held to the rate. IPv6 clients are counted per
 * /64, the block one subscriber usually gets, since changing addresses within it costs nothing. The buckets
 * of the least recently seen addresses are forgotten beyond a bound: a forgotten address starts again with a
 * full allowance, as it would after a minute's pause. Thread-safe.
 */
final class RateLimiter {
    /**
     * The most one address's bucket holds on the heap: its key (an IPv6 /64 spelled out at most), the bucket
     * and the map entry. Measured at about 130 bytes for IPv4 keys.
     */
    static final long BYTES_PER_ADDRESS = 160;
    private static final double NANOS_PER_MINUTE = 60e9;

    private final int perMinute;
    private final BoundedCache<String, Bucket> buckets;

    /**
     * {@code perMinute} events per address and minute, 0 letting everything through; buckets for the
     * {@code trackedAddresses} most recently seen addresses.
     */
    RateLimiter(int perMinute, int trackedAddresses) {
        this.perMinute = perMinute;
        this.buckets = new BoundedCache<>(trackedAddresses);
    }

    /** Takes one event's allowance for the client at {@code now}; false when it has none left. */
    boolean tryAcquire(Optional<String> clientIp, Instant now) {
        if (perMinute == 0) {
            return true;
        }
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return buckets.computeIfAbsent(clientIp.map(RateLimiter::keyOf).orElse("unknown"),
                key -> new Bucket(perMinute, nanos)).take(nanos, perMinute);
    }

    /** The client's bucket key; {@code clientIp} is in canonical form, so an IPv4 address is its own key. */
    private static String keyOf(String clientIp) {
        if (clientIp.indexOf(':') < 0) {
            return clientIp;
        }
        byte[] bytes = IpLiteral.parse(clientIp).map(InetAddress::getAddress).orElse(null);
        if (bytes == null || bytes.length != 16) {
            return clientIp;
        }
        Arrays.fill(bytes, 8, 16, (byte) 0);
        try {
            return IpLiteral.format(InetAddress.getByAddress(bytes)) + "/64";
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(int capacity, long nanos) {
            this.tokens = capacity;
            this.refilledAt = nanos;
        }

        synchronized boolean take(long nanos, int perMinute) {
            if (nanos > refilledAt) {
                tokens = Math.min(perMinute, tokens + (nanos - refilledAt) * perMinute / NANOS_PER_MINUTE);
                refilledAt = nanos;
            }
            if (tokens < 1) {
                return false;
            }
            tokens--;
            return true;
        }
    }
}
