package dev.skopos.jakarta.intake;

import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class UserAgentAnalyzerTest {
    private final UserAgentAnalyzer agents = new UserAgentAnalyzer();

    @Test
    void onlyTheFirst512CharactersOfAnAgentAreRead() {
        String padded = TrackerHarness.CHROME + " " + "x".repeat(10_000);

        UserAgentInfo analysed = agents.analyze(padded);

        assertThat(analysed).isEqualTo(agents.analyze(padded.substring(0, UserAgentAnalyzer.MAX_ANALYZED_LENGTH)));
        assertThat(analysed.browser()).isEqualTo("Chrome");
        // what lies beyond the cut is not read: a bot marker there is not seen
        assertThat(agents.analyze(padded + " Googlebot/2.1").botScore()).isEqualTo(analysed.botScore());
    }

    @Test
    void agentsThatDifferOnlyBeyondTheCutShareOneCacheEntry() {
        String head = "Mozilla/5.0 " + "y".repeat(UserAgentAnalyzer.MAX_ANALYZED_LENGTH);
        agents.analyze(head + "first");

        assertThat(agents.isCached(head + "second")).isTrue();
    }

    @Test
    void theAgentsOfRegularVisitorsStayCachedThroughAFloodOfMadeUpAgents() {
        agents.analyze(TrackerHarness.CHROME);
        agents.analyze(TrackerHarness.CHROME);

        IntStream.range(0, 20_000).forEach(i -> agents.analyze("Mozilla/5.0 (flood " + i + ") Gecko/20100101"));

        assertThat(agents.isCached(TrackerHarness.CHROME)).isTrue();
    }
}
