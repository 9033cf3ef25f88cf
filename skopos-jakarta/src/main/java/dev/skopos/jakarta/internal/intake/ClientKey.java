package dev.skopos.jakarta.internal.intake;

import dev.skopos.jakarta.internal.net.IpLiteral;

import java.net.InetAddress;
import java.util.Optional;

/**
 * One client as the rate limits count it: an IPv4 address, or the first {@code prefixLength} bits of an IPv6
 * address, since a subscriber is given a whole block and changing addresses within it costs nothing. Held as
 * the 128 bits of an IPv6 address, IPv4 in its mapped form ({@code ::ffff:192.0.2.1}), which no IPv6 client
 * can spell: the tracker writes mapped addresses as IPv4.
 */
record ClientKey(long high, long low) {
    private static final long IPV4_MAPPED = 0xffffL << 32;

    /** The key of {@code clientIp}, an address literal in canonical form; empty for anything else. */
    static Optional<ClientKey> of(String clientIp, int ipv6PrefixLength) {
        if (clientIp.indexOf(':') < 0) {
            return ipv4(clientIp).map(address -> new ClientKey(0, IPV4_MAPPED | address));
        }
        Optional<byte[]> bytes = IpLiteral.parse(clientIp).map(InetAddress::getAddress)
                .filter(address -> address.length == 16);
        return bytes.map(address -> new ClientKey(masked(longAt(address, 0), ipv6PrefixLength),
                masked(longAt(address, 8), ipv6PrefixLength - 64)));
    }

    /** A dotted quad as its 32 bits, read by hand: it is canonical already, and this runs on every request. */
    private static Optional<Long> ipv4(String text) {
        long address = 0;
        int group = 0;
        int groups = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' && group < 256) {
                address = (address << 8) | group;
                group = 0;
                groups++;
            } else if (c >= '0' && c <= '9' && group < 256) {
                group = group * 10 + (c - '0');
            } else {
                return Optional.empty();
            }
        }
        return groups == 4 && group < 256 ? Optional.of((address << 8) | group) : Optional.empty();
    }

    private static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = offset; i < offset + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value;
    }

    /** The first {@code bits} bits of {@code half}, the rest zero; all of it from 64 bits, none at 0 or below. */
    private static long masked(long half, int bits) {
        if (bits >= 64) {
            return half;
        }
        return bits <= 0 ? 0 : half & (-1L << (64 - bits));
    }

    /** A 64-bit hash of the key under {@code seed}, spread so that every bit depends on every bit of the key. */
    long hash(long seed) {
        return mix(mix(high ^ seed) ^ low);
    }

    /** The finalising step of MurmurHash3's 64-bit hash: an invertible mix with good avalanche. */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
