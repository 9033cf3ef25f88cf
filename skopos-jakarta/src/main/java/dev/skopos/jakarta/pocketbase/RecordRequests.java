package dev.skopos.jakarta.pocketbase;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import static dev.skopos.jakarta.support.JsonProviders.JSON;

/**
 * The record requests (list, get, create, update), made for nearly every event, sent with the JDK's HTTP client
 * over kept-alive connections. In profiles of the demo under load, the Rest Client's per-call proxy, header and
 * JSON provider handling (a service-loader lookup per body inside the server) cost more CPU than the tracker's
 * own work on the event; logins and the realtime subscription stay with the Rest Client.
 */
final class RecordRequests implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RecordRequests.class.getName());

    private final HttpClient http;
    private final String collectionsUrl;
    private final String baseUrl;
    private final Duration timeout;

    RecordRequests(URI baseUrl, Duration connectTimeout, Duration timeout) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
        this.baseUrl = baseUrl.toString();
        this.collectionsUrl = this.baseUrl.replaceAll("/+$", "") + "/api/collections/";
        this.timeout = timeout;
    }

    /** One page of records; {@code filter} and {@code sort} may be null. */
    JsonObject list(String token, String collection, Filter filter, String sort, int page, int perPage) {
        StringBuilder query = new StringBuilder("?page=").append(page).append("&perPage=").append(perPage)
                .append("&skipTotal=true");
        if (filter != null) {
            query.append("&filter=").append(URLEncoder.encode(filter.expression(), StandardCharsets.UTF_8));
        }
        if (sort != null) {
            query.append("&sort=").append(URLEncoder.encode(sort, StandardCharsets.UTF_8));
        }
        return send(request(token, collection + "/records" + query).GET());
    }

    JsonObject get(String token, String collection, String id) {
        return send(request(token, collection + "/records/" + id).GET());
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
