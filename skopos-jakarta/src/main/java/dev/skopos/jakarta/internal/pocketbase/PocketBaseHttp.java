package dev.skopos.jakarta.internal.pocketbase;

import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * The one way the tracker talks to PocketBase: every request (logins, token renewals, record reads and writes,
 * batches, the realtime subscription) and the realtime event stream, as HTTP/1.1 over sockets that
 * {@link HttpSockets} opens the way the JVM is set up (its proxies, its TLS trust). Requests go out one at a time
 * on kept-alive connections ({@link ConnectionPool}); each is answered whole by its deadline or fails, and an answer
 * past the size limit is refused. It starts no thread: each request runs on its caller's. (It is hand-written
 * because it costs the JVM far less CPU per record than {@code HttpURLConnection} or {@code java.net.http.HttpClient},
 * which also starts threads the container does not manage: {@code RecordClientBenchmark} measures all three.)
 * Failures are {@link PocketBaseException}s: an error answer through {@link ErrorAnswers}, no answer as
 * {@link PocketBaseException#isUnreachable()}. Thread-safe.
 */
final class PocketBaseHttp implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PocketBaseHttp.class.getName());
    /** How the tracker's requests show in PocketBase's request log. */
    static final String USER_AGENT = "skopos-jakarta";
    /** How long a request may take, from connecting to the last byte of its answer. */
    static final Duration REQUEST_DEADLINE = Duration.ofSeconds(15);
    /** The largest answer read: a page of records or a batch's is far smaller. */
    static final long MAX_ANSWER_BYTES = 16L * 1024 * 1024;
    /** PocketBase pings an event stream every few minutes; a longer silence means a dead connection. */
    private static final Duration STREAM_IDLE_TIMEOUT = Duration.ofMinutes(6);

    private final Origin origin;
    private final Duration requestDeadline;
    private final ConnectionPool pool;

    PocketBaseHttp(Origin origin, Duration requestDeadline, long maxAnswerBytes, Clock clock) {
        this.origin = origin;
        this.requestDeadline = requestDeadline;
        this.pool = new ConnectionPool(origin, requestDeadline, maxAnswerBytes, clock);
    }

    /**
     * The JSON PocketBase answered {@code request} with ({@link JsonValue#NULL} for an empty answer).
     *
     * @throws PocketBaseException for an error status, or when no complete answer came
     */
    JsonValue send(PocketBaseRequest request) {
        KeptAliveConnection.Answer answer = exchange(request);
        if (answer.status() >= 300) {
            throw ErrorAnswers.toException(answer.status(), answer.body());
        }
        if (answer.body().isEmpty()) {
            return JsonValue.NULL;
        }
        try (JsonReader reader = JSON.createReader(new StringReader(answer.body()))) {
            return reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw unreachable(new IOException("PocketBase answered " + answer.status() + " without JSON", e));
        }
    }

    /**
     * The status and body PocketBase answered {@code request} with, whatever the status. A request that changes
     * nothing is sent once more on a new connection when a kept-alive one turns out to have been closed.
     *
     * @throws PocketBaseException when no complete answer came
     */
    KeptAliveConnection.Answer exchange(PocketBaseRequest request) {
        Deadline deadline = Deadline.after(requestDeadline);
        try {
            KeptAliveConnection connection = pool.take(deadline);
            try {
                return exchangeOn(connection, request, deadline);
            } catch (IOException e) {
                if (!request.idempotent() || !connection.failedUnanswered()) {
                    throw e;
                }
                LOG.fine(() -> "A kept-alive connection to PocketBase had been closed; " + request + " again");
                return exchangeOn(pool.open(deadline), request, deadline);
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private KeptAliveConnection.Answer exchangeOn(KeptAliveConnection connection, PocketBaseRequest request,
                                                  Deadline deadline) throws IOException {
        try {
            KeptAliveConnection.Answer answer = connection.exchange(request, deadline);
            pool.release(connection);
            return answer;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** A {@code text/event-stream} at {@code apiPath}, on a connection of its own, its head read by the deadline. */
    EventStreamConnection openEventStream(String apiPath) throws IOException {
        return EventStreamConnection.open(origin, new PocketBaseRequest("GET", apiPath, null, null,
                "text/event-stream"), Deadline.after(requestDeadline), Math.toIntExact(STREAM_IDLE_TIMEOUT.toMillis()));
    }

    PocketBaseException unreachable(IOException cause) {
        return PocketBaseException.unreachable(origin.toString(), cause);
    }

    /** Closes the idle connections; one in use is closed when its request ends. */
    @Override
    public void close() {
        pool.close();
    }

    /** PocketBase's URL, for messages. */
    @Override
    public String toString() {
        return origin.toString();
    }
}
