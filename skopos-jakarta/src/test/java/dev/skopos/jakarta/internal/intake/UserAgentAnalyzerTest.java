package dev.skopos.jakarta.internal.intake;

import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
    void beyondTheParseBudgetNewAgentsAreOnlyGlancedAtAndParsedLater() {
        UserAgentAnalyzer budgeted = new UserAgentAnalyzer(10);
        budgeted.analyze(TrackerHarness.CHROME);
        budgeted.analyze(TrackerHarness.CHROME);

        List<UserAgentInfo> flood = IntStream.range(0, 1_000).mapToObj(i -> budgeted.analyze(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0.0." + i + " Safari/537.36"))
                .toList();

        assertThat(flood.stream().filter(agent -> agent.browser().equals("Chrome")).count())
                .as("parsed within the budget").isBetween(9L, 30L);
        assertThat(budgeted.analyze(TrackerHarness.CHROME).browser()).as("cached before").isEqualTo("Chrome");
        UserAgentInfo glanced = budgeted.analyze(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1) Mobile/15E148 Googlebot/2.1");
        assertThat(glanced.browser()).isEqualTo(UserAgentInfo.UNKNOWN);
        assertThat(glanced.device()).isEqualTo("mobile");
        assertThat(glanced.botScore()).as("automation told from the text").isGreaterThanOrEqualTo(100);
        await().atMost(Duration.ofSeconds(5)).until(() -> budgeted.analyze("Mozilla/5.0 (X11; Linux x86_64; rv:133.0)"
                + " Gecko/20100101 Firefox/133.0").browser().equals("Firefox"));
    }

    @Test
    void theAgentsOfRegularVisitorsStayCachedThroughAFloodOfMadeUpAgents() {
        agents.analyze(TrackerHarness.CHROME);
        agents.analyze(TrackerHarness.CHROME);

        IntStream.range(0, 20_000).forEach(i -> agents.analyze("Mozilla/5.0 (flood " + i + ") Gecko/20100101"));

        assertThat(agents.isCached(TrackerHarness.CHROME)).isTrue();
    }
}
