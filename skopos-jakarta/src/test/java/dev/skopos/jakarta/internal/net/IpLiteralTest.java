package dev.skopos.jakarta.internal.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IpLiteralTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "198.51.100.1,198.51.100.1", "2001:DB8:0:0:0:0:0:1,2001:db8::1", "[::1],::1",
            "0:0:0:0:0:0:0:0,::", "2001:db8:0:1:0:0:0:1,2001:db8:0:1::1", "2001:db8:0:0:1:0:0:1,2001:db8::1:0:0:1",
            "2001:db8:1:2:3:4:0:8,2001:db8:1:2:3:4:0:8", "::ffff:192.0.2.1,192.0.2.1", "fe80::1%1,fe80::1"})
    void writesAddressesInCanonicalForm(String text, String canonical) {
        assertThat(IpLiteral.normalise(text)).contains(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "256.1.1.1", "1.2.3", "::g", "1:2:3:4:5:6:7:8:9", "", " ",
            "1.2.3.4 OR 1=1", "\u0000", "2001:db8::1]", "1..2.3", "1.2.3.4.", ".1.2.3", "1234.1.1.1",
            "\u0661.\u0662.\u0663.\u0664", "fe80::\uff11", "fe80::1%", "fe80::1%eth 0", "fe80::1%\u00e9"})
    void refusesAnythingButAnAddressLiteralWithoutResolvingIt(String text) {
        assertThat(IpLiteral.normalise(text)).isEmpty();
    }
}
