package dev.skopos.jakarta.internal.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesTest {
    private static final TrustedProxies LOCAL_PROXIES = TrustedProxies.of(
            List.of("127.0.0.1", "::1", "10.0.0.0/8", "fd00::/8"), TrustedProxies.Header.X_FORWARDED_FOR);
    private static final TrustedProxies FORWARDED = TrustedProxies.of(
            List.of("127.0.0.1", "10.0.0.0/8"), TrustedProxies.Header.FORWARDED);

    private static Optional<String> client(TrustedProxies proxies, String peer, String header, String value) {
        return proxies.clientAddress(peer, Map.of(header, value)::get);
    }

    private static Optional<String> viaXForwardedFor(String peer, String chain) {
        return client(LOCAL_PROXIES, peer, "x-forwarded-for", chain);
    }

    @Test
    void withoutTrustedProxiesTheSocketPeerIsTheClientWhateverTheHeaderSays() {
        assertThat(client(TrustedProxies.none(), "203.0.113.7", "x-forwarded-for", "198.51.100.1"))
                .contains("203.0.113.7");
    }

    @Test
    void anUntrustedCallersForwardingHeaderIsIgnored() {
        assertThat(viaXForwardedFor("203.0.113.7", "127.0.0.1")).contains("203.0.113.7");
    }

    @Test
    void aTrustedPeerWithoutHeaderIsItselfTheClient() {
        assertThat(LOCAL_PROXIES.clientAddress("10.1.2.3", name -> null)).contains("10.1.2.3");
    }

    @ParameterizedTest(name = "{0} via {1}")
    @CsvSource(delimiter = '|', value = {
            // one proxy
            "198.51.100.1|127.0.0.1|198.51.100.1",
            // two proxies: the second appended the first
            "198.51.100.1, 10.0.0.5|127.0.0.1|198.51.100.1",
            // a client-chosen prefix is left of the real client and never reached
            "192.0.2.66, 198.51.100.1|127.0.0.1|198.51.100.1",
            "192.0.2.66, 198.51.100.1, 10.0.0.5|127.0.0.1|198.51.100.1",
            // every hop is trusted: the furthest is where the request began
            "10.0.0.9, 10.0.0.5|127.0.0.1|10.0.0.9",
            // ports and IPv6 in brackets, as some proxies write them
            "198.51.100.1:53211|127.0.0.1|198.51.100.1",
            "[2001:DB8:0:0:0:0:0:1]:443|127.0.0.1|2001:db8::1",
            "2001:db8::1|::1|2001:db8::1",
            "[2001:db8::1]|127.0.0.1|2001:db8::1",
            // IPv4-mapped IPv6 is the IPv4 address
            "::ffff:198.51.100.1|127.0.0.1|198.51.100.1",
            // the trusted peer itself, written in another form
            "198.51.100.1|0:0:0:0:0:0:0:1|198.51.100.1"})
    void walksXForwardedForFromTheRight(String chain, String peer, String client) {
        assertThat(viaXForwardedFor(peer, chain)).contains(client);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "unknown", "example.com", "198.51.100.1, not-an-ip", "198.51.100.1,", "'<script>'",
            "999.1.1.1", "198.51.100.1:99999:1", "[2001:db8::1", "[2001:db8::1]x", "1.2.3.4.5", "''", "' , , '"})
    void garbageWhereTheClientShouldBeKeepsTheSocketPeer(String chain) {
        assertThat(viaXForwardedFor("127.0.0.1", chain)).contains("127.0.0.1");
    }

    @Test
    void garbageLeftOfTheClientIsNeverReached() {
        assertThat(viaXForwardedFor("127.0.0.1", "<script>, unknown, 198.51.100.1")).contains("198.51.100.1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "for=198.51.100.1|198.51.100.1",
            "for=198.51.100.1;proto=https;by=10.0.0.5|198.51.100.1",
            "For=\"198.51.100.1:4711\"|198.51.100.1",
            "for=\"[2001:db8:cafe::17]:4711\"|2001:db8:cafe::17",
            "for=\"[2001:db8:cafe::17]\"|2001:db8:cafe::17",
            "for=192.0.2.66, for=198.51.100.1;proto=http, for=10.0.0.5|198.51.100.1",
            "for=192.0.2.66;host=\"a,b;c\", for=198.51.100.1|198.51.100.1",
            "for=unknown|127.0.0.1",
            "for=_hidden, for=198.51.100.1|198.51.100.1",
            "for=198.51.100.1, for=_hidden|127.0.0.1",
            "proto=https|127.0.0.1"})
    void walksForwardedFromTheRight(String header, String client) {
        assertThat(client(FORWARDED, "127.0.0.1", "forwarded", header)).contains(client);
    }

    @Test
    void readsOnlyTheHeaderItsProxiesWrite() {
        assertThat(client(FORWARDED, "127.0.0.1", "x-forwarded-for", "198.51.100.1")).contains("127.0.0.1");
        assertThat(client(LOCAL_PROXIES, "127.0.0.1", "forwarded", "for=198.51.100.1")).contains("127.0.0.1");
    }

    @Test
    void aPeerThatIsNoAddressGivesNoClient() {
        assertThat(LOCAL_PROXIES.clientAddress(null, name -> null)).isEmpty();
        assertThat(LOCAL_PROXIES.clientAddress("localhost", name -> "198.51.100.1")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.0/33", "10.0.0.0/", "proxy.internal", "10.0.0.0/8/8", "::/129"})
    void refusesEntriesThatAreNeitherAddressNorRange(String entry) {
        assertThatThrownBy(() -> TrustedProxies.of(List.of(entry), TrustedProxies.Header.X_FORWARDED_FOR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(entry);
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource({
            "10.255.0.1,10.0.0.0/8,true", "11.0.0.1,10.0.0.0/8,false", "192.168.1.130,192.168.1.128/25,true",
            "192.168.1.127,192.168.1.128/25,false", "fd12::1,fd00::/8,true", "fe80::1,fd00::/8,false",
            "10.0.0.1,::/0,false", "203.0.113.5,0.0.0.0/0,true"})
    void matchesCidrRanges(String address, String range, boolean inside) {
        TrustedProxies proxies = TrustedProxies.of(List.of(range), TrustedProxies.Header.X_FORWARDED_FOR);

        assertThat(viaPeer(proxies, address)).isEqualTo(inside);
    }

    /** Whether the peer at {@code address} was believed when it named another client. */
    private static boolean viaPeer(TrustedProxies proxies, String address) {
        return client(proxies, address, "x-forwarded-for", "198.51.100.1").equals(Optional.of("198.51.100.1"));
    }
}
