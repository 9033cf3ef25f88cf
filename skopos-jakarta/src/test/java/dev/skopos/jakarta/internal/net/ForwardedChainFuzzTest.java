package dev.skopos.jakarta.internal.net;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided: forwarding headers of any text, in both spellings, behind a trusted proxy. Every hop read is
 * empty or an address in canonical form, and the client found is one too: never anything else a client wrote.
 */
class ForwardedChainFuzzTest {
    private static final TrustedProxies PROXIES = TrustedProxies.of(List.of("127.0.0.1", "10.0.0.0/8", "fd00::/8"),
            TrustedProxies.Header.X_FORWARDED_FOR);
    private static final TrustedProxies FORWARDED_PROXIES = TrustedProxies.of(List.of("127.0.0.1", "10.0.0.0/8"),
            TrustedProxies.Header.FORWARDED);

    @FuzzTest(maxDuration = "10s")
    void everyHopAndTheClientFoundAreCanonicalAddressesOrNothing(FuzzedDataProvider data) {
        String header = data.consumeRemainingAsString();

        for (List<Optional<String>> hops : List.of(ForwardedChain.ofXForwardedFor(header),
                ForwardedChain.ofForwarded(header))) {
            hops.forEach(ForwardedChainFuzzTest::assertCanonical);
        }
        assertCanonical(PROXIES.clientAddress("127.0.0.1", Map.of("x-forwarded-for", header)::get));
        assertCanonical(FORWARDED_PROXIES.clientAddress("10.1.2.3", Map.of("forwarded", header)::get));
    }

    private static void assertCanonical(Optional<String> address) {
        address.ifPresent(literal -> assertThat(IpLiteral.normalise(literal)).contains(literal));
    }
}
