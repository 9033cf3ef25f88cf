package dev.skopos.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * HTTP requests as a current browser (desktop Chrome unless said) at a given client IP makes them, arriving
 * through a reverse proxy on this machine that names the client in {@code X-Forwarded-For} (the servers trust
 * loopback as a proxy).
 */
final class Browser {
    static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String ip;
    private final String userAgent;

    Browser(String ip) {
        this(ip, CHROME);
    }

    Browser(String ip, String userAgent) {
        this.ip = ip;
        this.userAgent = userAgent;
    }

    /** What the proxy writes into {@code X-Forwarded-For}: the client's address, or a whole chain. */
    String ip() {
        return ip;
    }

    /** The visitor id the tracker derives for this browser. */
    String visitorId() {
        return visitorId(ip, userAgent);
    }

    /** The tracker's visitor id for an IP and user agent ({@code unknown} where there is none). */
    static String visitorId(String ip, String userAgent) {
        return visitorId(System.getenv("SKOPOS_SITE_ID"), ip, userAgent);
    }

    /** The visitor id a tracker of the website with tracking id {@code siteId} derives for an IP and user agent. */
    static String visitorId(String siteId, String ip, String userAgent) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    (siteId + "-" + ip + "-" + userAgent).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(URI uri, String contentType, String body) throws IOException, InterruptedException {
        return post(uri, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(URI uri, String contentType, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("User-Agent", userAgent)
                .header("Accept", "*/*")
                .header("Accept-Language", "en-GB,en;q=0.9")
                .header("X-Forwarded-For", ip)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
