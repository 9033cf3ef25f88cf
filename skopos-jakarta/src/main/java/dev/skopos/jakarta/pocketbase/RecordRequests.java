package dev.skopos.jakarta.pocketbase;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

import static dev.skopos.jakarta.support.JsonProviders.JSON;

/**
 * The record requests (list, get, create, update), which the tracker makes for nearly every event, as plain
 * HTTP/1.1 over connections it keeps alive, one request at a time on each. In the demo's profile under load,
 * each record request through the Rest Client (resolving its path template, copying its configuration,
 * its proxies) cost Liberty more CPU than everything else the tracker did with the event; the JDK's
 * {@code HttpClient} cost more still and starts threads the container does not manage. Logins and the
 * realtime subscription stay with the Rest Client. Failures are reported as there: an error answer through
 * {@link ErrorAnswers}, no answer as {@link PocketBaseException#isUnreachable()}. Thread-safe.
 */
final class RecordRequests implements AutoCloseable {
    /** How the tracker's requests show in PocketBase's request log. */
    static final String USER_AGENT = "skopos-jakarta";
    /**
     * A connection idle longer is closed rather than used: servers and proxies close idle connections
     * (PocketBase after ten minutes, proxies often after a minute), and a request sent on a connection the
     * other side is closing fails.
     */
    private static final Duration MAX_IDLE = Duration.ofSeconds(20);
    /** A connection idle longer is first checked for having been closed by the other side (a millisecond). */
    private static final Duration CHECKED_AFTER_IDLE = Duration.ofSeconds(1);

    private final URI baseUrl;
    private final String apiPath;
    private final String batchPath;
    private final String hostHeader;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final Deque<KeptAliveConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    RecordRequests(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        this.baseUrl = baseUrl;
        String basePath = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath().replaceAll("/+$", "");
        this.apiPath = basePath + "/api/collections/";
        this.batchPath = basePath + "/api/batch";
        this.hostHeader = baseUrl.getHost() + ":" + HttpSockets.port(baseUrl);
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
        this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
    }

    /** One page of records; {@code filter} and {@code sort} may be null. */
    JsonObject list(String token, String collection, Filter filter, String sort, int page, int perPage) {
        StringBuilder path = new StringBuilder(collection).append("/records?page=").append(page)
                .append("&perPage=").append(perPage).append("&skipTotal=true");
        if (filter != null) {
            path.append("&filter=").append(URLEncoder.encode(filter.expression(), StandardCharsets.UTF_8));
        }
        if (sort != null) {
            path.append("&sort=").append(URLEncoder.encode(sort, StandardCharsets.UTF_8));
        }
        return send("GET", path.toString(), token, null);
    }

    JsonObject get(String token, String collection, String id) {
        return send("GET", collection + "/records/" + id, token, null);
    }

    JsonObject create(String token, String collection, JsonObject record) {
        return send("POST", collection + "/records", token, record);
    }

    JsonObject update(String token, String collection, String id, JsonObject changes) {
        return send("PATCH", collection + "/records/" + id, token, changes);
    }

    /** One {@code /api/batch} request ({@code {"requests": [...]}}); its answer has an entry per sub-request. */
    JsonArray batch(String token, JsonObject requests) {
        return answerOf(exchange("POST", batchPath, token, requests), JsonArray.class);
    }

    private JsonObject send(String method, String path, String token, JsonObject body) {
        return answerOf(exchange(method, apiPath + path, token, body), JsonObject.class);
    }

    /** The JSON PocketBase answered with, which must be of {@code type}; anything else is no answer. */
    private <T extends JsonValue> T answerOf(JsonValue answer, Class<T> type) {
        if (type.isInstance(answer)) {
            return type.cast(answer);
        }
        throw PocketBaseException.unreachable(baseUrl.toString(),
                new IOException("PocketBase answered without a JSON " + type.getSimpleName()));
    }

    private JsonValue exchange(String method, String target, String token, JsonObject body) {
        byte[] request = request(method, target, token, body);
        KeptAliveConnection connection = null;
        KeptAliveConnection.Answer answer;
        try {
            connection = connection();
            answer = connection.exchange(request);
        } catch (IOException e) {
            if (connection != null) {
                connection.close();
            }
            throw PocketBaseException.unreachable(baseUrl.toString(), e);
        }
        release(connection);
        if (answer.status() >= 300) {
            throw ErrorAnswers.toException(answer.status(), answer.body());
        }
        try (JsonReader reader = JSON.createReader(new StringReader(answer.body()))) {
            return reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw PocketBaseException.unreachable(baseUrl.toString(),
                    new IOException("PocketBase answered " + answer.status() + " without a JSON object", e));
        }
    }

    private byte[] request(String method, String target, String token, JsonObject body) {
        byte[] content = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("Authorization: ").append(token).append("\r\n")
                .append("Accept: application/json\r\n")
                .append("User-Agent: ").append(USER_AGENT).append("\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\n").append("Content-Length: ").append(content.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream request = new ByteArrayOutputStream(head.length() + content.length);
        request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        request.writeBytes(content);
        return request.toByteArray();
    }

    /** An idle connection that is still fresh, or a new one. */
    private KeptAliveConnection connection() throws IOException {
        KeptAliveConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            long idleNanos = connection.idleNanos();
            if (connection.reusable() && idleNanos < MAX_IDLE.toNanos()
                    && (idleNanos < CHECKED_AFTER_IDLE.toNanos() || connection.stillOpen())) {
                return connection;
            }
            connection.close();
        }
        return KeptAliveConnection.open(baseUrl, connectTimeoutMillis, readTimeoutMillis);
    }

    private void release(KeptAliveConnection connection) {
        if (connection.reusable() && !closed) {
            idle.offerFirst(connection);
        } else {
            connection.close();
        }
    }

    /** Closes the idle connections; one in use is closed when its request ends. */
    @Override
    public void close() {
        closed = true;
        KeptAliveConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.close();
        }
    }
}
