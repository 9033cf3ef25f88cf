package dev.skopos.jakarta.internal.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which peers may say who the client is. A request's client is the socket's peer, unless that peer is a
 * trusted proxy: then the proxy's forwarding header is read from the right (each proxy appends the address it
 * received the request from) and the first address that is not itself a trusted proxy is the client.
 * Anything to the left of it was written by the client and may be forged. If that entry is not an address
 * literal, the socket's peer is kept. Only one header is read, the one the proxies are set to write, since a
 * client can send the other one with any content.
 */
public final class TrustedProxies {
    /** The header that carries the chain. */
    public enum Header {
        X_FORWARDED_FOR, FORWARDED
    }

    private static final TrustedProxies NONE = new TrustedProxies(List.of(), Header.X_FORWARDED_FOR);

    private final List<AddressRange> ranges;
    private final Header header;

    private TrustedProxies(List<AddressRange> ranges, Header header) {
        this.ranges = List.copyOf(ranges);
        this.header = header;
    }

    /** No proxy is trusted: the client is always the socket's peer. */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * Proxies at {@code entries} (addresses and CIDR ranges), which write {@code header}.
     *
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    public static TrustedProxies of(List<String> entries, Header header) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String entry : entries) {
            ranges.add(AddressRange.parse(entry.trim()).orElseThrow(() -> new IllegalArgumentException(
                    "'" + entry.trim() + "' is neither an IP address nor a CIDR range")));
        }
        return new TrustedProxies(ranges, header);
    }

    /**
     * The client's address in canonical form, or empty when the socket's peer is unknown or not an address.
     *
     * @param remoteAddress the socket's peer
     * @param headers       header lookup by name, null when absent
     */
    public Optional<String> clientAddress(String remoteAddress, Function<String, String> headers) {
        Optional<String> peer = remoteAddress == null ? Optional.empty() : IpLiteral.normalise(remoteAddress);
        if (peer.isEmpty() || !isTrusted(peer.get())) {
            return peer;
        }
        String chain = headers.apply(header == Header.FORWARDED ? "forwarded" : "x-forwarded-for");
        if (chain == null || chain.isBlank()) {
            return peer;
        }
        List<Optional<String>> hops = header == Header.FORWARDED
                ? ForwardedChain.ofForwarded(chain) : ForwardedChain.ofXForwardedFor(chain);
        Optional<String> furthestTrusted = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<String> hop = hops.get(i);
            if (hop.isEmpty()) {
                return peer;
            }
            if (!isTrusted(hop.get())) {
                return hop;
            }
            furthestTrusted = hop;
        }
        return furthestTrusted; // every hop is a trusted proxy: the furthest one is where the request began
    }

    private boolean isTrusted(String address) {
        InetAddress parsed = IpLiteral.parse(address).orElseThrow();
        return ranges.stream().anyMatch(range -> range.contains(parsed));
    }
}
