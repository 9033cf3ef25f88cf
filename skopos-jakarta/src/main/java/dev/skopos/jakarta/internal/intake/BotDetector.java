package dev.skopos.jakarta.internal.intake;

import dev.skopos.jakarta.RequestInfo;

import java.util.Locale;

/**
 * Scores a request for signs of automation: the user agent (via {@link UserAgentAnalyzer}), automation
 * headers, a headless platform hint and the headers every current browser sends. A score at or above
 * {@link #THRESHOLD} is a bot.
 */
public final class BotDetector {
    static final int THRESHOLD = 50;

    int score(RequestInfo request, UserAgentInfo agent) {
        if (request.userAgent().isEmpty()) {
            return UserAgentAnalyzer.CERTAIN_BOT;
        }
        int score = agent.botScore();
        for (String header : RequestInfo.AUTOMATION_HEADERS) {
            if (request.header(header).isPresent()) {
                score += UserAgentAnalyzer.CERTAIN_BOT;
            }
        }
        if (request.header("sec-ch-ua-platform").map(p -> p.toLowerCase(Locale.ROOT).contains("headless"))
                .orElse(false)) {
            score += UserAgentAnalyzer.CERTAIN_BOT;
        }
        score += request.header("accept").isEmpty() ? 20 : 0;
        score += request.header("accept-language").isEmpty() ? 30 : 0;
        score += request.header("accept-encoding").isEmpty() ? 20 : 0;
        return score;
    }

    public boolean isBot(RequestInfo request, UserAgentInfo agent) {
        return score(request, agent) >= THRESHOLD;
    }
}
