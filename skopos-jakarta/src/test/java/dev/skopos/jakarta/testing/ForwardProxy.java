package dev.skopos.jakarta.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * An HTTP forward proxy on a loopback port, as an outbound proxy in a data centre would be: {@code CONNECT}
 * tunnels for {@code https}, absolute-form requests for {@code http}. It connects onwards from its own address
 * ({@code 127.0.0.2}), so the server sees the proxy, not the client, and it keeps the first request line of every
 * connection. {@link #asTheJvmsProxy()} sets the JVM's proxy properties to it until closed.
 */
public final class ForwardProxy implements AutoCloseable {
    /** The address the proxy connects onwards from, another of the loopback interface's. */
    public static final String OUTGOING_ADDRESS = "127.0.0.2";
    private static final List<String> PROPERTIES = List.of("http.proxyHost", "http.proxyPort", "https.proxyHost",
            "https.proxyPort", "http.nonProxyHosts");

    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final LoopbackServer server;

    private ForwardProxy() throws IOException {
        this.server = LoopbackServer.start(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), "forward-proxy",
                this::serve);
    }

    public static ForwardProxy start() {
        try {
            return new ForwardProxy();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first request line of each connection clients opened, such as {@code CONNECT 127.0.0.1:443 HTTP/1.1}. */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /**
     * Makes this the JVM's proxy for {@code http} and {@code https}, loopback included, as
     * {@code -Dhttp.proxyHost=… -Dhttp.nonProxyHosts=} would, until the returned handle is closed.
     */
    public AutoCloseable asTheJvmsProxy() {
        Map<String, String> previous = new HashMap<>();
        PROPERTIES.forEach(name -> previous.put(name, System.getProperty(name)));
        String port = String.valueOf(server.port());
        System.setProperty("http.proxyHost", "127.0.0.1");
        System.setProperty("http.proxyPort", port);
        System.setProperty("https.proxyHost", "127.0.0.1");
        System.setProperty("https.proxyPort", port);
        System.setProperty("http.nonProxyHosts", ""); // the JVM leaves loopback out by default
        return () -> previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    private void serve(Socket client, Executor threads) throws IOException {
        byte[] head = RequestHeads.read(client.getInputStream())
                .orElseThrow(() -> new IOException("connection closed inside a request head"));
        String requestLine = new String(head, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        requestLines.add(requestLine);
        String[] parts = requestLine.split(" ");
        boolean tunnel = parts[0].equals("CONNECT");
        URI target = URI.create(tunnel ? "tcp://" + parts[1] : parts[1]);
        Socket upstream = new Socket();
        upstream.bind(new InetSocketAddress(OUTGOING_ADDRESS, 0));
        upstream.connect(new InetSocketAddress(target.getHost(), target.getPort()));
        OutputStream answer = tunnel ? client.getOutputStream() : upstream.getOutputStream();
        answer.write(tunnel ? "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)
                : head);
        answer.flush();
        Relay.between(client, upstream, threads);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
