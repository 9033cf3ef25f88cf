package dev.skopos.jakarta.pocketbase;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/** Sockets to PocketBase for the tracker's own HTTP/1.1 exchanges: plain, or TLS checked against the host name. */
final class HttpSockets {

    private HttpSockets() {
    }

    /** A connected socket to {@code url}'s host and port, reads timing out after {@code readTimeoutMillis}. */
    static Socket connect(URI url, int connectTimeoutMillis, int readTimeoutMillis) throws IOException {
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        int port = port(url);
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(url.getHost(), port), connectTimeoutMillis);
            if (tls) {
                socket = secure(socket, url.getHost(), port);
            }
            socket.setSoTimeout(readTimeoutMillis);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The port {@code url} names, or its scheme's default. */
    static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
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
}
