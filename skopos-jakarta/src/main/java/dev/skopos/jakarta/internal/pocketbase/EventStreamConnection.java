package dev.skopos.jakarta.internal.pocketbase;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One long-lived {@code GET} of a {@code text/event-stream}, on a connection of its own that
 * {@link HttpSockets} opens the way it opens every other (so the stream and the requests that subscribe it leave
 * from the same address). Its head must come by the request deadline; after that a read waits at most the idle
 * timeout. {@link #close()} ends a read blocked on another thread at once.
 */
final class EventStreamConnection implements Closeable {
    private final Socket socket;
    private final BufferedReader body;

    private EventStreamConnection(Socket socket, BufferedReader body) {
        this.socket = socket;
        this.body = body;
    }

    static EventStreamConnection open(Origin origin, PocketBaseRequest request, Deadline deadline,
                                      int idleTimeoutMillis) throws IOException {
        HttpSockets.Route route = HttpSockets.connect(origin, deadline);
        Socket socket = route.socket();
        try {
            TimedSocketInput timed = new TimedSocketInput(socket, idleTimeoutMillis);
            timed.deadline(deadline);
            OutputStream out = socket.getOutputStream();
            out.write(request.encode(origin, route.absoluteTargets()));
            out.flush();
            InputStream in = new BufferedInputStream(timed);
            ResponseHead head = ResponseHead.read(in);
            if (head.status() != 200) {
                throw new IOException("event stream answered '" + head.statusLine() + "'");
            }
            timed.deadline(null);
            return new EventStreamConnection(socket, new BufferedReader(new InputStreamReader(
                    head.chunked() ? new ChunkedInputStream(in) : in, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    BufferedReader body() {
        return body;
    }

    /** Closes the socket, which also ends a read blocked on another thread. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
