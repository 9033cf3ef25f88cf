package dev.skopos.jakarta.internal.intake;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.website.WebsiteSettings;
import jakarta.json.Json;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided: page URLs and {@code Origin} headers as a client may write them, through the URL parsing
 * and the website's domain rules. A URL taken is an absolute http(s) URL with a host, its host in lower case
 * without trailing dots; the domain rules answer for any of them without failing.
 */
class PageUrlFuzzTest {
    private static final WebsiteSettings SITE = WebsiteSettings.fromRecord(Json.createObjectBuilder()
            .add("id", "site").add("domain", "example.com").build());
    private final TrafficFilter filter = new TrafficFilter();

    @FuzzTest(maxDuration = "10s")
    void pageUrlsAreAbsoluteHttpUrlsOrRefusedAndTheDomainRulesAlwaysAnswer(FuzzedDataProvider data) {
        String origin = data.consumeString(300);
        String url = data.consumeBoolean() ? "https://" + data.consumeRemainingAsString()
                : data.consumeRemainingAsString();

        Optional<URI> page = PayloadValidator.parseHttpUrl(url);
        page.ifPresent(uri -> {
            assertThat(uri.getScheme().toLowerCase(Locale.ROOT)).isIn("http", "https");
            String host = PayloadValidator.hostOf(uri);
            assertThat(host).isEqualTo(host.toLowerCase(Locale.ROOT)).doesNotEndWith(".");
            RequestInfo request = RequestInfo.of("203.0.113.1", Map.of("origin", origin)::get, "/api/event");
            assertThat(filter.domainDropReason(SITE, host, request)).isNotNull();
        });
    }
}
