package dev.skopos.jakarta.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * A browser's POST of an event to the demo, as it arrives through a reverse proxy on the same machine: the
 * headers every current browser sends, the client's address in {@code X-Forwarded-For}. Like a browser, it
 * sends the request again once should the connection it went out on fail without an answer (the server closed
 * the idle keep-alive connection); the answer says so, since the server may have taken the first one after all.
 * A request the server took longer than 30 seconds to answer is not sent again: it is still being served.
 */
final class BrowserPost {
    private BrowserPost() {
    }

    /** The server's answer to a POST; {@code resent}: the request went out twice, the first without an answer. */
    record Answer(int status, boolean resent) {
    }

    /** What the server answered {@code body}, sent for {@code clientAddress} with {@code userAgent}. */
    static Answer send(HttpClient http, URI endpoint, String clientAddress, String userAgent, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("User-Agent", userAgent)
                .header("Accept", "*/*")
                .header("Accept-Language", "en-GB,en;q=0.9")
                .header("Accept-Encoding", "gzip, deflate, br")
                .header("X-Forwarded-For", clientAddress)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return new Answer(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(), false);
        } catch (HttpTimeoutException stillServed) {
            throw stillServed;
        } catch (IOException noAnswer) {
            return new Answer(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(), true);
        }
    }
}
