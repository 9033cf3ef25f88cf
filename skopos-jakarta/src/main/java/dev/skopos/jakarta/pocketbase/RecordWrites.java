package dev.skopos.jakarta.pocketbase;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import static dev.skopos.jakarta.support.JsonProviders.JSON;

/**
 * Record creates and updates, the requests the tracker makes for nearly every event, sent with the JDK's HTTP
 * client over kept-alive connections. Profiles of the write path showed the Rest Client's per-call proxy,
 * provider and header machinery costing several times the request itself; everything else PocketBase is
 * asked goes through the Rest Client. Failures are reported as the Rest Client path reports them.
 */
final class RecordWrites implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RecordWrites.class.getName());

    private final HttpClient http;
    private final String collectionsUrl;
    private final String baseUrl;
    private final Duration timeout;

    RecordWrites(URI baseUrl, Duration connectTimeout, Duration timeout) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
        this.baseUrl = baseUrl.toString();
        this.collectionsUrl = this.baseUrl.replaceAll("/+$", "") + "/api/collections/";
        this.timeout = timeout;
    }

    JsonObject create(String token, String collection, JsonObject record) {
        return send(request(token, collection + "/records").POST(body(record)));
    }

    JsonObject update(String token, String collection, String id, JsonObject changes) {
        return send(request(token, collection + "/records/" + id).method("PATCH", body(changes)));
    }

    private HttpRequest.Builder request(String token, String path) {
        return HttpRequest.newBuilder(URI.create(collectionsUrl + path))
                .timeout(timeout)
                .header("Authorization", token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
    }

    private static HttpRequest.BodyPublisher body(JsonObject json) {
        return HttpRequest.BodyPublishers.ofString(json.toString());
    }

    private JsonObject send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw PocketBaseException.unreachable(baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PocketBaseException.unreachable(baseUrl, e);
        }
        if (response.statusCode() >= 300) {
            throw ErrorAnswers.toException(response.statusCode(), response.body());
        }
        try (JsonReader reader = JSON.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw PocketBaseException.unreachable(baseUrl, e);
        }
    }

    /** Closes the connections where the runtime's HTTP client can be closed (Java 21 and later). */
    @Override
    public void close() {
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "closing the PocketBase record connections failed", e);
            }
        }
    }
}
