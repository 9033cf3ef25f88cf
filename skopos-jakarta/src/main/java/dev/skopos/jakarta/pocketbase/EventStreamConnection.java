package dev.skopos.jakarta.pocketbase;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

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
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : tls ? 443 : 80;
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(url.getHost(), port), connectTimeoutMillis);
            if (tls) {
                socket = secure(socket, url.getHost(), port);
            }
            socket.setSoTimeout(readTimeoutMillis);
            sendRequest(socket.getOutputStream(), url, port);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            boolean chunked = readResponseHead(in);
            return new EventStreamConnection(socket, new BufferedReader(new InputStreamReader(
                    chunked ? new ChunkedInputStream(in) : in, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static Socket secure(Socket plain, String host, int port) throws IOException {
        SSLSocket secured = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, host, port, true);
        SSLParameters parameters = secured.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        secured.setSSLParameters(parameters);
        secured.startHandshake();
        return secured;
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

    /** Checks for 200 and tells whether the body is chunked. */
    private static boolean readResponseHead(InputStream in) throws IOException {
        String statusLine = HttpLines.read(in);
        String[] status = statusLine.split(" ", 3);
        if (status.length < 2 || !status[1].equals("200")) {
            throw new IOException("event stream answered '" + statusLine + "'");
        }
        boolean chunked = false;
        String header;
        while (!(header = HttpLines.read(in)).isEmpty()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        return chunked;
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
