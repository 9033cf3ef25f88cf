package dev.skopos.jakarta.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A browser's POST of an event to the demo, as it arrives through a reverse proxy on the same machine: the
 * headers every current browser sends, the client's address in {@code X-Forwarded-For}. Like a browser, it
 * sends the request again once should the server have closed the idle keep-alive connection it went out on.
 */
final class BrowserPost {
    private BrowserPost() {
    }

    /** The status the server answered {@code body}, sent for {@code clientAddress} with {@code userAgent}. */
    static int send(HttpClient http, URI endpoint, String clientAddress, String userAgent, String body)
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
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException closedConnection) {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
