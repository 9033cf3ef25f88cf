package dev.skopos.jakarta.pocketbase;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 connection to PocketBase that carries one request after another. Used by one thread at a time;
 * after an exchange that failed, or whose answer closes the connection, it is not {@link #reusable()}.
 */
final class KeptAliveConnection implements Closeable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final int readTimeoutMillis;
    private boolean reusable = true;
    private long idleSince = System.nanoTime();

    /** An answer: its status and its body as text. */
    record Answer(int status, String body) {
    }

    private KeptAliveConnection(Socket socket, int readTimeoutMillis) throws IOException {
        this.socket = socket;
        this.readTimeoutMillis = readTimeoutMillis;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
    }

    static KeptAliveConnection open(URI url, int connectTimeoutMillis, int readTimeoutMillis) throws IOException {
        return new KeptAliveConnection(HttpSockets.connect(url, connectTimeoutMillis, readTimeoutMillis),
                readTimeoutMillis);
    }

    /** Sends {@code request} (head and body, framed by the caller) and reads the whole answer. */
    Answer exchange(byte[] request) throws IOException {
        reusable = false;
        out.write(request);
        out.flush();
        ResponseHead head = ResponseHead.read(in);
        byte[] body = readBody(head);
        boolean delimited = head.chunked() || head.contentLength() >= 0 || hasNoBody(head.status());
        reusable = delimited && !head.closes();
        idleSince = System.nanoTime();
        return new Answer(head.status(), new String(body, StandardCharsets.UTF_8));
    }

    private byte[] readBody(ResponseHead head) throws IOException {
        if (head.chunked()) {
            return new ChunkedInputStream(in).readAllBytes();
        }
        if (head.contentLength() >= 0) {
            byte[] body = in.readNBytes(Math.toIntExact(head.contentLength()));
            if (body.length < head.contentLength()) {
                throw new EOFException("connection closed inside a response body");
            }
            return body;
        }
        if (hasNoBody(head.status())) {
            return new byte[0];
        }
        return in.readAllBytes(); // ended by the server closing the connection
    }

    private static boolean hasNoBody(int status) {
        return status == 204 || status == 304;
    }

    /** Whether another request may go out on this connection. */
    boolean reusable() {
        return reusable && !socket.isClosed();
    }

    /**
     * Whether the server has left the connection open while it was idle: a read finds nothing to read and
     * times out after a millisecond. A closed connection reads its end, and bytes nobody asked for mean it is
     * out of step; either way it is not used again.
     */
    boolean stillOpen() {
        try {
            socket.setSoTimeout(1);
            in.read();
            return false;
        } catch (SocketTimeoutException nothingToRead) {
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            try {
                socket.setSoTimeout(readTimeoutMillis);
            } catch (IOException ignored) {
                // a closed socket: the next exchange fails and says so
            }
        }
    }

    /** Nanoseconds since the last answer ended ({@link System#nanoTime()} scale). */
    long idleNanos() {
        return System.nanoTime() - idleSince;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
