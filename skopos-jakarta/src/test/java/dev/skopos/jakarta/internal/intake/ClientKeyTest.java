package dev.skopos.jakarta.internal.intake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientKeyTest {

    private static ClientKey key(String address, int prefix) {
        return ClientKey.of(address, prefix).orElseThrow();
    }

    @Test
    void anIpv4AddressIsItsOwnClientAndNoIpv6ClientCanSpellIt() {
        assertThat(key("192.0.2.1", 64)).isNotEqualTo(key("192.0.2.2", 64));
        assertThat(key("192.0.2.1", 16)).as("the IPv6 prefix leaves IPv4 alone").isEqualTo(key("192.0.2.1", 128));
        assertThat(key("192.0.2.1", 64)).isNotEqualTo(key("::c000:201", 128)).isNotEqualTo(key("::", 128));
    }

    @Test
    void ipv6AddressesAreOneClientPerPrefix() {
        assertThat(key("2001:db8:1:2::1", 64)).isEqualTo(key("2001:db8:1:2:ffff:1:2:3", 64))
                .isNotEqualTo(key("2001:db8:1:3::1", 64));
        assertThat(key("2001:db8:1:2::1", 48)).isEqualTo(key("2001:db8:1:ffff::1", 48))
                .isNotEqualTo(key("2001:db8:2::1", 48));
        assertThat(key("2001:db8:1:2::1", 128)).isNotEqualTo(key("2001:db8:1:2::2", 128));
        assertThat(key("2001:db8:1:2:8000::1", 65)).isNotEqualTo(key("2001:db8:1:2::1", 65))
                .isEqualTo(key("2001:db8:1:2:ffff::", 65));
    }

    @Test
    void whatIsNotAnAddressHasNoKey() {
        assertThat(ClientKey.of("example.com", 64)).isEmpty();
        assertThat(ClientKey.of("1.2.3", 64)).isEmpty();
        assertThat(ClientKey.of("300.1.1.1", 64)).isEmpty();
        assertThat(ClientKey.of("2001:db8::zz", 64)).isEmpty();
    }

    @Test
    void theHashDependsOnTheSeed() {
        ClientKey client = key("2001:db8::1", 64);

        assertThat(client.hash(1)).isEqualTo(client.hash(1)).isNotEqualTo(client.hash(2));
    }
}
