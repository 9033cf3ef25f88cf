package dev.skopos.jakarta.internal.intake;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BotDetectorTest {
    private final UserAgentAnalyzer agents = new UserAgentAnalyzer();
    private final BotDetector bots = new BotDetector();

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @CsvSource(delimiter = '|', value = {
            "Chrome|Windows|desktop|Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Firefox|Ubuntu|desktop|Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Safari|Mac OS X|desktop|Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Edge|Windows|desktop|Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Mobile Safari|iOS|mobile|Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Chrome Mobile|Android|mobile|Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
            "Mobile Safari|iOS|tablet|Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
            "Chrome|Android|tablet|Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"})
    void currentBrowsersPassAndAreClassified(String browser, String os, String device, String userAgent) {
        UserAgentInfo agent = agents.analyze(userAgent);
        RequestInfo request = TrackerHarness.browser("203.0.113.9", userAgent, Map.of());

        assertThat(agent.browser()).isEqualTo(browser);
        assertThat(agent.os()).isEqualTo(os);
        assertThat(agent.device()).isEqualTo(device);
        assertThat(bots.score(request, agent)).isLessThan(BotDetector.THRESHOLD);
    }

    @ParameterizedTest
    @CsvSource({"accept", "accept-language", "accept-encoding"})
    void aCurrentBrowserMissingOneUsualHeaderStillPasses(String header) {
        RequestInfo request = RequestInfo.of("203.0.113.9", name -> name.equals(header) ? null
                : TrackerHarness.browser("203.0.113.9").header(name).orElse(
                name.equals("user-agent") ? TrackerHarness.CHROME : null), "/api/event");

        assertThat(bots.isBot(request, agents.analyze(TrackerHarness.CHROME))).isFalse();
    }
}
