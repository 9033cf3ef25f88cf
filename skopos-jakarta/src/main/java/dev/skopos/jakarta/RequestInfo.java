package dev.skopos.jakarta;

import dev.skopos.jakarta.internal.net.IpLiteral;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the tracker needs from an HTTP request: the client IP, user agent, the headers bot detection and the
 * privacy opt-out read, the request path, referrer and origin. The tracker reads one from the servlet request
 * being served when a call made while serving it needs one; code that receives requests another way builds one
 * with {@link #of}, finding the client with {@link SkoposTracker#clientAddress}.
 *
 * @param clientIp  the client's address as an IP literal in canonical form; empty if unknown or not an
 *                  address (anything else given here is dropped, so it can never be stored)
 * @param userAgent the {@code User-Agent} header; empty if absent
 * @param headers   the {@link #CAPTURED_HEADERS} the request carries, names in lower case
 * @param path      the request path
 * @param referrer  the {@code Referer} header; empty if absent
 * @param origin    the {@code Origin} header; empty if absent
 */
public record RequestInfo(
        Optional<String> clientIp,
        Optional<String> userAgent,
        Map<String, String> headers,
        String path,
        Optional<String> referrer,
        Optional<String> origin) {

    /** Headers that automation tools add; any one of them marks a bot. */
    public static final List<String> AUTOMATION_HEADERS =
            List.of("x-selenium", "x-puppeteer", "x-playwright", "x-webdriver", "x-automated");
    /** Headers that bot detection scores, besides the user agent. */
    public static final Set<String> SIGNAL_HEADERS = Stream.concat(
            Stream.of("accept", "accept-language", "accept-encoding", "sec-ch-ua-platform"),
            AUTOMATION_HEADERS.stream()).collect(Collectors.toUnmodifiableSet());
    /** Headers by which a browser asks not to be tracked: Global Privacy Control and Do Not Track. */
    public static final Set<String> OPT_OUT_HEADERS = Set.of("sec-gpc", "dnt");
    /** Every header a request keeps. */
    public static final Set<String> CAPTURED_HEADERS = Stream.concat(SIGNAL_HEADERS.stream(),
            OPT_OUT_HEADERS.stream()).collect(Collectors.toUnmodifiableSet());

    /**
     * A request that keeps only a valid IP address, and of the headers only those captured, names lower-cased.
     *
     * @param clientIp  the client's address; dropped unless it is an IP literal
     * @param userAgent the {@code User-Agent} header
     * @param headers   the request's headers; only the {@link #CAPTURED_HEADERS} are kept
     * @param path      the request path
     * @param referrer  the {@code Referer} header
     * @param origin    the {@code Origin} header
     */
    public RequestInfo {
        clientIp = clientIp.flatMap(IpLiteral::normalise);
        Map<String, String> lowerCased = new TreeMap<>();
        headers.forEach((name, value) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (CAPTURED_HEADERS.contains(key)) {
                lowerCased.put(key, value);
            }
        });
        headers = Map.copyOf(lowerCased);
    }

    /**
     * A request as seen by the server.
     *
     * @param clientAddress the client: the socket's peer, or the address a trusted proxy forwarded
     *                      ({@link SkoposTracker#clientAddress}); null when unknown
     * @param header        header lookup by name (case-insensitive), null when absent
     * @param path          the request path
     * @return the request, with the headers the tracker reads
     */
    public static RequestInfo of(String clientAddress, Function<String, String> header, String path) {
        Map<String, String> signals = new TreeMap<>();
        for (String name : CAPTURED_HEADERS) {
            String value = header.apply(name);
            if (value != null) {
                signals.put(name, value);
            }
        }
        return new RequestInfo(
                nonBlank(clientAddress),
                nonBlank(header.apply("user-agent")),
                signals,
                path,
                nonBlank(header.apply("referer")),
                nonBlank(header.apply("origin")));
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /**
     * A captured header's value.
     *
     * @param lowerCaseName the header's name in lower case
     * @return its value, when the request had it and it is one the tracker reads
     */
    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }
}
