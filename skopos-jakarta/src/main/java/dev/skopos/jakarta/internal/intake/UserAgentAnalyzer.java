package dev.skopos.jakarta.internal.intake;

import dev.skopos.jakarta.internal.support.SegmentedCache;
import dev.skopos.jakarta.internal.support.Text;
import ua_parser.Client;
import ua_parser.Parser;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses user agents with ua-parser and scores what the string alone says about automation. Parsing runs
 * hundreds of regular expressions (about a millisecond for a current browser's agent, several for one made to
 * keep them busy), so its cost is bounded three ways: only the first {@value #MAX_ANALYZED_LENGTH} characters
 * are read, which no browser reaches; results are cached per cut agent in a cache that keeps the agents seen
 * again over the many a flood may make up; and at most {@value #PARSES_PER_SECOND} agents a second (with a
 * burst of as many) are parsed anew. Past that, an agent not cached is only glanced at, without ua-parser: its
 * browser and system are unknown, its device and its automation score come from the text itself, and it is
 * parsed once the budget allows.
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
    /** New agents a second: more than a site's visitors bring, a few tenths of one core at most. */
    static final int PARSES_PER_SECOND = 50;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Parser parser = new Parser();
    private final SegmentedCache<String, UserAgentInfo> cache = new SegmentedCache<>(CACHE_SIZE);
    private final RateCells parseBudget;
    private final long budgetTolerance;
    private final long origin = System.nanoTime();

    public UserAgentAnalyzer() {
        this(PARSES_PER_SECOND);
    }

    UserAgentAnalyzer(int parsesPerSecond) {
        this.parseBudget = new RateCells(1, NANOS_PER_SECOND / parsesPerSecond);
        this.budgetTolerance = parseBudget.toleranceFor(parsesPerSecond);
    }

    public UserAgentInfo analyze(String userAgent) {
        String cut = Text.truncate(userAgent, MAX_ANALYZED_LENGTH);
        UserAgentInfo cached = cache.get(cut);
        if (cached != null) {
            return cached;
        }
        if (!parseBudget.take(0, System.nanoTime() - origin, budgetTolerance)) {
            return glance(cut);
        }
        UserAgentInfo parsed = parse(cut);
        cache.put(cut, parsed);
        return parsed;
    }

    /** Whether the analysis of {@code userAgent} is cached. */
    boolean isCached(String userAgent) {
        return cache.contains(Text.truncate(userAgent, MAX_ANALYZED_LENGTH));
    }

    /** The analysis of an agent already cut to {@value #MAX_ANALYZED_LENGTH} characters, without the cache. */
    UserAgentInfo parse(String userAgent) {
        Client client = parser.parse(userAgent);
        int score = textScore(userAgent, "Spider".equals(client.device.family)) + (isOld(client) ? OLD_BROWSER : 0);
        return new UserAgentInfo(known(client.userAgent.family), known(client.os.family),
                deviceType(userAgent, client.device.family), score);
    }

    /** What the text alone says, without ua-parser: for agents beyond the parse budget. */
    private static UserAgentInfo glance(String userAgent) {
        return new UserAgentInfo(UserAgentInfo.UNKNOWN, UserAgentInfo.UNKNOWN, deviceType(userAgent, null),
                textScore(userAgent, false));
    }

    /** The automation score of the text: too short for a browser, or naming a tool or crawler. */
    private static int textScore(String userAgent, boolean spiderDevice) {
        return (userAgent.length() < SHORT_USER_AGENT ? CERTAIN_BOT : 0)
                + (spiderDevice || AUTOMATION.matcher(userAgent).find() ? CERTAIN_BOT : 0);
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

    private static String deviceType(String userAgent, String deviceFamily) {
        String lowerAgent = userAgent.toLowerCase(Locale.ROOT);
        String family = deviceFamily == null ? "" : deviceFamily.toLowerCase(Locale.ROOT);
        if (family.contains("ipad") || family.contains("tablet") || family.contains("kindle")
                || lowerAgent.contains("tablet")
                || (lowerAgent.contains("android") && !lowerAgent.contains("mobile"))) {
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
