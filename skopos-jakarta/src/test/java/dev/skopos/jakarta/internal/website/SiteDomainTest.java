package dev.skopos.jakarta.internal.website;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SiteDomainTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "example.com                               | example.com",
            "https://www.example.com/                  | example.com",
            "http://Example.COM                        | example.com",
            "example.com:443                           | example.com",
            "https://www.example.com:8443/shop?x=1#top | example.com",
            "EXAMPLE.com.                              | example.com",
            "www.example.com.                          | example.com",
            "'  shop.example.com/ '                    | shop.example.com",
            "https://user:secret@example.com/          | example.com",
            "bücher.example                            | xn--bcher-kva.example",
            "[::1]:8080                                | [::1]",
            "''                                        | ''"
    })
    void readsTheBareHostOutOfWhatTheOwnerTyped(String typed, String host) {
        assertThat(SiteDomain.normalise(typed)).isEqualTo(host);
    }
}
