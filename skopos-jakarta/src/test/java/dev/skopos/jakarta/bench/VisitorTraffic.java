package dev.skopos.jakarta.bench;

import dev.skopos.jakarta.RequestInfo;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Browser traffic for the benchmarks, the same for the same seed: visitors told apart by their address (so
 * each new one is a new visitor id and a new session), each on one of a few current browsers, sending what the
 * Skopos script sends: mostly page views, some arriving from a search engine, and one in ten a custom event
 * with data. A share of the visits comes from new visitors, the rest from visitors seen recently.
 */
public final class VisitorTraffic {
    /** Enough distinct visitors for a benchmark run: addresses 10.0.0.1 upwards, 16 million of them. */
    private static final int MAX_VISITORS = (1 << 24) - 1;
    private static final List<String> USER_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0"
                    + " Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                    + " Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                    + " Version/18.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0"
                    + " Mobile Safari/537.36");
    private static final int DISTINCT_PAYLOADS = 64;

    /** One request of a visitor: what the endpoint has once it read the body. */
    public record Visit(RequestInfo request, JsonObject payload, String payloadText) {
    }

    private final SplittableRandom random;
    private final double newVisitorShare;
    private final int[] recentVisitors;
    private final List<Map<String, String>> headersByBrowser = USER_AGENTS.stream().map(agent -> Map.of(
            "user-agent", agent, "accept", "*/*", "accept-language", "en-GB,en;q=0.9",
            "accept-encoding", "gzip, deflate, br", "origin", "https://example.com")).toList();
    private final JsonObject[] payloads = new JsonObject[DISTINCT_PAYLOADS];
    private final String[] payloadTexts = new String[DISTINCT_PAYLOADS];
    private int visitors;

    /**
     * @param newVisitorShare share of visits from a visitor not seen before, 0 to 1
     * @param returningPool   how many of the latest visitors a returning visit is drawn from
     */
    public VisitorTraffic(long seed, double newVisitorShare, int returningPool) {
        this.random = new SplittableRandom(seed);
        this.newVisitorShare = newVisitorShare;
        this.recentVisitors = new int[returningPool];
        for (int i = 0; i < DISTINCT_PAYLOADS; i++) {
            payloads[i] = payload(i);
            payloadTexts[i] = payloads[i].toString();
        }
    }

    private static JsonObject payload(int i) {
        JsonObjectBuilder payload = Json.createObjectBuilder()
                .add("url", "https://example.com/docs/page-" + i + (i % 4 == 0 ? "?utm_source=newsletter" : ""))
                .add("screenWidth", i % 3 == 0 ? 390 : 1920).add("screenHeight", i % 3 == 0 ? 844 : 1080)
                .add("language", "en-GB");
        if (i % 10 == 0) {
            return payload.add("type", "custom").add("name", "signup").add("customData", Json.createObjectBuilder()
                    .add("plan", "team").add("seats", i).add("trial", true)).build();
        }
        if (i % 10 < 3) {
            payload.add("referrer", "https://www.google.com/");
        }
        return payload.add("type", "pageView").build();
    }

    /** The next visit: a new visitor with the configured share, otherwise one of the recent ones. */
    public Visit next() {
        return random.nextDouble() < newVisitorShare || visitors == 0 ? newVisitor() : returningVisitor();
    }

    /** A visit from a visitor not seen before. */
    public Visit newVisitor() {
        if (visitors == MAX_VISITORS) {
            throw new IllegalStateException("no addresses left for new visitors");
        }
        int visitor = ++visitors;
        recentVisitors[(visitor - 1) % recentVisitors.length] = visitor;
        return visitOf(visitor);
    }

    private Visit returningVisitor() {
        int known = Math.min(visitors, recentVisitors.length);
        return visitOf(recentVisitors[random.nextInt(known)]);
    }

    private Visit visitOf(int visitor) {
        String address = "10." + (visitor >>> 16) + "." + ((visitor >>> 8) & 0xff) + "." + (visitor & 0xff);
        Map<String, String> headers = headersByBrowser.get(visitor % headersByBrowser.size());
        // a server reads each request's headers into strings of its own: nothing is shared between requests
        RequestInfo request = RequestInfo.of(address, name -> copyOf(headers.get(name)), "/api/event");
        int payload = random.nextInt(DISTINCT_PAYLOADS);
        return new Visit(request, payloads[payload], payloadTexts[payload]);
    }

    private static String copyOf(String header) {
        return header == null ? null : new String(header.toCharArray());
    }

    /** Distinct visitors so far. */
    public int visitors() {
        return visitors;
    }
}
