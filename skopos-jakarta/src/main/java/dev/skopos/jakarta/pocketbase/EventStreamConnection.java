package dev.skopos.jakarta.pocketbase;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One long-lived {@code GET} of a {@code text/event-stream} over HTTP/1.1 (plain or TLS) on a socket of
 * its own. It exists because {@link #close()} must end a blocked read at once from another thread, which
 * {@link java.net.HttpURLConnection} cannot do, and because the JDK's {@code HttpClient} would start
 * threads the container does not manage.
 */
final class EventStreamConnection implements Closeable {
    private final Socket socket;
    private final BufferedReader body;

    private EventStreamConnection(Socket socket, BufferedReader body) {
        this.socket = socket;
        this.body = body;
    }

    static EventStreamConnection open(URI url, int connectTimeoutMillis, int readTimeoutMillis) throws IOException {
        Socket socket = HttpSockets.connect(url, connectTimeoutMillis, readTimeoutMillis);
        try {
            sendRequest(socket.getOutputStream(), url, HttpSockets.port(url));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            ResponseHead head = ResponseHead.read(in);
            if (head.status() != 200) {
                throw new IOException("event stream answered '" + head.statusLine() + "'");
            }
            return new EventStreamConnection(socket, new BufferedReader(new InputStreamReader(
                    head.chunked() ? new ChunkedInputStream(in) : in, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static void sendRequest(OutputStream out, URI url, int port) throws IOException {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + url.getHost() + ":" + port + "\r\n"
                + "Accept: text/event-stream\r\n"
                + "Cache-Control: no-cache\r\n"
                + "Connection: close\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
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
