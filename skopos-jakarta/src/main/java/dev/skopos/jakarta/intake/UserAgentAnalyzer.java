package dev.skopos.jakarta.intake;

import dev.skopos.jakarta.support.SegmentedCache;
import dev.skopos.jakarta.support.Text;

import ua_parser.Client;
import ua_parser.Parser;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses user agents with ua-parser and scores what the string alone says about automation. Only the first
 * {@value #MAX_ANALYZED_LENGTH} characters are read, so that no client can choose how long the regular
 * expressions run; browsers send far less. Results are cached per distinct cut string, up to a bound, in a
 * cache that keeps the agents seen again over the many a flood may make up, because parsing runs dozens of
 * regular expressions.
 */
public final class UserAgentAnalyzer {
    static final int CERTAIN_BOT = 100;
    /** What a request without a user agent is taken for. */
    public static final UserAgentInfo NO_AGENT = new UserAgentInfo(UserAgentInfo.UNKNOWN, UserAgentInfo.UNKNOWN,
            "desktop", 0);
    private static final int CACHE_SIZE = 2_000;
    /** What is read of a user agent: the longest real browsers send are about half of it. */
    static final int MAX_ANALYZED_LENGTH = 512;
    /** The most the cache can hold: keys of at most {@link #MAX_ANALYZED_LENGTH} characters and small results. */
    public static final long MAX_CACHED_BYTES = CACHE_SIZE * (2L * MAX_ANALYZED_LENGTH + 400);
    private static final int SHORT_USER_AGENT = 20;
    /** Years-old versions are what scrapers copy; real visitors on them are too few to keep. */
    private static final int OLD_BROWSER = 60;
    private static final Pattern AUTOMATION = Pattern.compile(
            "bot\\b|bot/|crawl|spider|slurp|scrapy|facebookexternalhit|headless|phantomjs|puppeteer|playwright"
                    + "|selenium|webdriver|electron|curl/|wget/|python-requests|python-urllib|aiohttp|httpx"
                    + "|^java/|okhttp|apache-httpclient|jakarta commons-httpclient|go-http-client|node-fetch"
                    + "|axios/|libwww-perl|lwp::|httpclient|postmanruntime|insomnia|^mozilla/4\\.0$|^mozilla/5\\.0$",
            Pattern.CASE_INSENSITIVE);
    /** The oldest major version of each family still counted as a real browser (all about 2018 or later). */
    private static final Map<String, Integer> OLDEST_MAJOR = Map.of(
            "Chrome", 70, "Chrome Mobile", 70, "Firefox", 60, "Firefox Mobile", 60, "Edge", 79,
            "Safari", 11, "Mobile Safari", 11, "Opera", 50, "Samsung Internet", 7);
    private static final List<String> RETIRED = List.of("IE", "IE Mobile");

    private final Parser parser = new Parser();
    private final SegmentedCache<String, UserAgentInfo> cache = new SegmentedCache<>(CACHE_SIZE);

    public UserAgentInfo analyze(String userAgent) {
        return cache.computeIfAbsent(Text.truncate(userAgent, MAX_ANALYZED_LENGTH), this::parse);
    }

    /** Whether the analysis of {@code userAgent} is cached. */
    boolean isCached(String userAgent) {
        return cache.contains(Text.truncate(userAgent, MAX_ANALYZED_LENGTH));
    }

    private UserAgentInfo parse(String userAgent) {
        Client client = parser.parse(userAgent);
        String browser = known(client.userAgent.family);
        String os = known(client.os.family);
        int score = 0;
        if (userAgent.length() < SHORT_USER_AGENT) {
            score += CERTAIN_BOT;
        }
        if (AUTOMATION.matcher(userAgent).find() || "Spider".equals(client.device.family)) {
            score += CERTAIN_BOT;
        }
        if (isOld(client)) {
            score += OLD_BROWSER;
        }
        return new UserAgentInfo(browser, os, deviceType(userAgent, client), score);
    }

    private static boolean isOld(Client client) {
        if (RETIRED.contains(client.userAgent.family)) {
            return true;
        }
        Integer oldest = OLDEST_MAJOR.get(client.userAgent.family);
        if (oldest == null || client.userAgent.major == null) {
            return false;
        }
        try {
            return Integer.parseInt(client.userAgent.major) < oldest;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String deviceType(String userAgent, Client client) {
        String lowerAgent = userAgent.toLowerCase(Locale.ROOT);
        String family = client.device.family == null ? "" : client.device.family.toLowerCase(Locale.ROOT);
        if (family.contains("ipad") || family.contains("tablet") || family.contains("kindle")
                || lowerAgent.contains("tablet") || (lowerAgent.contains("android") && !lowerAgent.contains("mobile"))) {
            return "tablet";
        }
        if (lowerAgent.contains("mobi") || family.contains("iphone") || family.contains("phone")) {
            return "mobile";
        }
        return "desktop";
    }

    private static String known(String family) {
        return family == null || family.isBlank() || family.equals("Other") ? UserAgentInfo.UNKNOWN : family;
    }
}
