package dev.skopos.jakarta.internal.pocketbase;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Sockets to PocketBase, the way the JVM (or the container) is set up to reach it: through the proxy that
 * {@link ProxySelector#getDefault()} chooses for the URL ({@code http.proxyHost}, {@code https.proxyHost},
 * {@code socksProxyHost}, {@code http.nonProxyHosts} or a selector the container installed), trying the next
 * one it offers when one cannot be reached; over TLS for {@code https} with {@link SSLSocketFactory#getDefault()}
 * (the JVM's trust store, {@code javax.net.ssl.trustStore}, or the outbound TLS configuration of a container that
 * sets the default), the host name checked against the certificate. An HTTP proxy carries an {@code https}
 * connection as a {@code CONNECT} tunnel, and plain requests in absolute form. Proxies that ask for
 * authentication are not supported.
 */
final class HttpSockets {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private HttpSockets() {
    }

    /**
     * A connected socket to {@code origin}.
     *
     * @param socket          the connection, TLS already negotiated for {@code https}
     * @param absoluteTargets whether requests on it name their target in absolute form (through an HTTP proxy)
     */
    record Route(Socket socket, boolean absoluteTargets) {
    }

    static Route connect(Origin origin, Deadline deadline) throws IOException {
        ProxySelector selector = ProxySelector.getDefault();
        List<Proxy> proxies = selector == null ? List.of() : selector.select(origin.uri());
        IOException failure = null;
        for (Proxy proxy : proxies.isEmpty() ? List.of(Proxy.NO_PROXY) : proxies) {
            try {
                return through(proxy, origin, deadline);
            } catch (IOException e) {
                if (selector != null && proxy.type() != Proxy.Type.DIRECT) {
                    selector.connectFailed(origin.uri(), proxy.address(), e);
                }
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    private static Route through(Proxy proxy, Origin origin, Deadline deadline) throws IOException {
        boolean httpProxy = proxy.type() == Proxy.Type.HTTP;
        // a plain Socket would consult the selector once more for SOCKS; the choice is made here
        Socket socket = new Socket(proxy.type() == Proxy.Type.SOCKS ? proxy : Proxy.NO_PROXY);
        try {
            SocketAddress address = switch (proxy.type()) {
                case DIRECT -> new InetSocketAddress(origin.hostName(), origin.port());
                case HTTP -> resolved(proxy.address());
                case SOCKS -> InetSocketAddress.createUnresolved(origin.hostName(), origin.port());
            };
            socket.connect(address, Math.min(deadline.remainingMillis(), (int) CONNECT_TIMEOUT.toMillis()));
            socket.setTcpNoDelay(true);
            if (httpProxy && origin.tls()) {
                tunnel(socket, origin, deadline);
            }
            return new Route(origin.tls() ? secure(socket, origin, deadline) : socket, httpProxy && !origin.tls());
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The default selector names proxies by host name, unresolved. */
    private static InetSocketAddress resolved(SocketAddress proxy) {
        InetSocketAddress address = (InetSocketAddress) proxy;
        return address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
    }

    /** Asks the HTTP proxy on {@code socket} for a tunnel to {@code origin}. */
    private static void tunnel(Socket socket, Origin origin, Deadline deadline) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("CONNECT " + origin.authority() + " HTTP/1.1\r\nHost: " + origin.authority() + "\r\n"
                + "User-Agent: " + PocketBaseHttp.USER_AGENT + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        socket.setSoTimeout(deadline.remainingMillis());
        // unbuffered: what follows the proxy's answer belongs to TLS
        InputStream in = socket.getInputStream();
        ResponseHead head = ResponseHead.read(in);
        if (head.status() / 100 != 2) {
            throw new IOException("the proxy refused a tunnel to " + origin.authority() + ": '" + head.statusLine()
                    + "'" + (head.status() == 407 ? " (proxy authentication is not supported)" : ""));
        }
    }

    private static Socket secure(Socket plain, Origin origin, Deadline deadline) throws IOException {
        SSLSocket secured = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, origin.hostName(), origin.port(), true);
        SSLParameters parameters = secured.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        secured.setSSLParameters(parameters);
        secured.setSoTimeout(deadline.remainingMillis());
        secured.startHandshake();
        return secured;
    }
}
