package dev.skopos.jakarta.internal.net;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.net.InetAddress;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided: text of any kind as an address literal. Only text made of what addresses are made of is
 * ever handed to the JDK (so no host name is ever resolved), and an address parsed is written in a canonical
 * form that parses back to the same address and is its own canonical form.
 */
class IpLiteralFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void literalsParseOnlyFromAddressCharactersAndRoundTripInCanonicalForm(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Optional<InetAddress> parsed = IpLiteral.parse(text);
        if (parsed.isEmpty()) {
            return;
        }
        String address = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        int zone = address.indexOf('%');
        assertThat((zone < 0 ? address : address.substring(0, zone)).chars()
                .allMatch(c -> Character.digit(c, 16) >= 0 && c < 128 || c == ':' || c == '.')).as(text).isTrue();
        String canonical = IpLiteral.format(parsed.get());
        assertThat(IpLiteral.normalise(canonical)).contains(canonical);
        assertThat(IpLiteral.parse(canonical).map(InetAddress::getAddress)).get()
                .isEqualTo(parsed.get().getAddress());
    }
}
