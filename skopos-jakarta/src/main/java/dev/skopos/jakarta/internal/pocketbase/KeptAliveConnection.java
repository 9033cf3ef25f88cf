package dev.skopos.jakarta.internal.pocketbase;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One HTTP/1.1 connection to PocketBase that carries one request after another, each answer read whole and
 * refused beyond a size limit. Used by one thread at a time; after an exchange that failed, or whose answer closes
 * the connection, it is not {@link #reusable()}.
 */
final class KeptAliveConnection implements Closeable {
    private final Origin origin;
    private final HttpSockets.Route route;
    private final TimedSocketInput timed;
    private final InputStream in;
    private final OutputStream out;
    private final long maxAnswerBytes;
    private final Clock clock;
    private boolean reusable = true;
    private int exchanges;
    private Instant idleSince;

    /** An answer: its status and its body as text. */
    record Answer(int status, String body) {
    }

    private KeptAliveConnection(Origin origin, HttpSockets.Route route, Duration requestDeadline, long maxAnswerBytes,
                                Clock clock) throws IOException {
        this.origin = origin;
        this.route = route;
        this.timed = new TimedSocketInput(route.socket(), Math.toIntExact(requestDeadline.toMillis()));
        this.in = new BufferedInputStream(timed, 8192);
        this.out = new BufferedOutputStream(route.socket().getOutputStream(), 8192);
        this.maxAnswerBytes = maxAnswerBytes;
        this.clock = clock;
        this.idleSince = clock.instant();
    }

    /** A new connection, opened within {@code deadline}, whose requests each end within {@code requestDeadline}. */
    static KeptAliveConnection open(Origin origin, Deadline deadline, Duration requestDeadline, long maxAnswerBytes,
                                    Clock clock) throws IOException {
        HttpSockets.Route route = HttpSockets.connect(origin, deadline);
        try {
            return new KeptAliveConnection(origin, route, requestDeadline, maxAnswerBytes, clock);
        } catch (IOException | RuntimeException e) {
            route.socket().close();
            throw e;
        }
    }

    /** Sends {@code request} and reads the whole answer, both by {@code deadline}. */
    Answer exchange(PocketBaseRequest request, Deadline deadline) throws IOException {
        reusable = false;
        exchanges++;
        timed.deadline(deadline);
        out.write(request.encode(origin, route.absoluteTargets()));
        out.flush();
        ResponseHead head = ResponseHead.read(in);
        byte[] body = readBody(head);
        reusable = (head.chunked() || head.contentLength() >= 0 || head.hasNoBody()) && !head.closes();
        idleSince = clock.instant();
        return new Answer(head.status(), new String(body, StandardCharsets.UTF_8));
    }

    private byte[] readBody(ResponseHead head) throws IOException {
        if (head.hasNoBody()) {
            return new byte[0];
        }
        if (head.contentLength() > maxAnswerBytes) {
            throw tooLarge();
        }
        if (head.contentLength() >= 0) {
            byte[] body = in.readNBytes((int) head.contentLength());
            if (body.length < head.contentLength()) {
                throw new EOFException("connection closed inside a response body");
            }
            return body;
        }
        // chunked, or ended by the server closing the connection
        InputStream body = head.chunked() ? new ChunkedInputStream(in) : in;
        byte[] read = body.readNBytes(Math.toIntExact(maxAnswerBytes + 1));
        if (read.length > maxAnswerBytes) {
            throw tooLarge();
        }
        return read;
    }

    private IOException tooLarge() {
        return new IOException("PocketBase's answer is larger than " + maxAnswerBytes + " bytes");
    }

    /** Whether another request may go out on this connection. */
    boolean reusable() {
        return reusable && !route.socket().isClosed();
    }

    /**
     * Whether the last exchange failed on a connection that had carried one before, with no byte of an answer:
     * what a kept-alive connection that the server had closed looks like.
     */
    boolean failedUnanswered() {
        return exchanges > 1 && timed.bytesRead() == 0;
    }

    /**
     * Whether the server has left the connection open while it was idle: a read finds nothing to read and
     * times out after a millisecond. A closed connection reads its end, and bytes nobody asked for mean it is
     * out of step; either way it is not used again.
     */
    boolean stillOpen() {
        try {
            return in.available() == 0 && timed.quietForAMillisecond();
        } catch (IOException e) {
            return false;
        }
    }

    /** How long the connection has been idle since its last answer ended. */
    Duration idle() {
        return Duration.between(idleSince, clock.instant());
    }

    @Override
    public void close() {
        try {
            route.socket().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
