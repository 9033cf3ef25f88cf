package dev.skopos.jakarta.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port in front of a real PocketBase that can lose answers: it passes a chosen
 * request through, lets PocketBase carry it out, then drops the answer and closes the connection, as a read
 * timeout after a saved write looks to the client. It can also hold every request for a while, as a slow or
 * distant PocketBase answers late, and connect onwards from another loopback address, as a client elsewhere would.
 * Everything else passes untouched.
 */
public final class FaultProxy implements AutoCloseable {
    private final URI target;
    private final InetSocketAddress outgoing;
    private final LoopbackServer server;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final AtomicInteger answersLost = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile Duration requestDelay = Duration.ZERO;

    private record Rule(String requestLinePrefix, AtomicInteger remaining) {
    }

    private FaultProxy(URI target, InetSocketAddress outgoing) throws IOException {
        this.target = target;
        this.outgoing = outgoing;
        this.server = LoopbackServer.start(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), "fault-proxy",
                this::relay);
    }

    /** A proxy to the PocketBase at {@code target}, e.g. {@code http://127.0.0.1:8090}. */
    public static FaultProxy to(String target) {
        return from(InetAddress.getLoopbackAddress().getHostAddress(), target);
    }

    /** A proxy to {@code target} that connects onwards from {@code localAddress}, such as {@code 127.0.0.2}. */
    public static FaultProxy from(String localAddress, String target) {
        try {
            return new FaultProxy(URI.create(target), new InetSocketAddress(localAddress, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Loses the answers of the next {@code times} requests whose request line starts with {@code method path}. */
    public void loseAnswers(String method, String pathPrefix, int times) {
        rules.add(new Rule(method + " " + pathPrefix, new AtomicInteger(times)));
    }

    /** Holds every request from now on for {@code delay} before passing it on; zero passes them at once. */
    public void delayRequests(Duration delay) {
        requestDelay = delay;
    }

    /** Closes every connection open through the proxy, as a proxy does with connections idle too long. */
    public void closeConnections() {
        open.forEach(Connection::close);
    }

    /** How many connections clients opened through the proxy so far. */
    public int connectionsOpened() {
        return connections.get();
    }

    /** How many answers were lost so far. */
    public int answersLost() {
        return answersLost.get();
    }

    private void relay(Socket client, Executor pumps) throws IOException {
        connections.incrementAndGet();
        Socket upstream = new Socket();
        upstream.bind(outgoing);
        upstream.connect(new InetSocketAddress(target.getHost(), target.getPort()));
        Connection connection = new Connection(client, upstream);
        open.add(connection);
        pumps.execute(connection::requests);
        pumps.execute(connection::answers);
    }

    /** One client connection and its own connection to PocketBase; HTTP/1.1 sends one request at a time. */
    private final class Connection {
        private final Socket client;
        private final Socket server;
        private volatile boolean loseNextAnswer;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void requests() {
            pump(client, server, true);
        }

        void answers() {
            pump(server, client, false);
        }

        private void pump(Socket from, Socket to, boolean requests) {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (requests) {
                        Thread.sleep(requestDelay.toMillis());
                    }
                    if (requests && matchesRule(new String(buffer, 0, Math.min(read, 200), StandardCharsets.ISO_8859_1))) {
                        loseNextAnswer = true;
                    } else if (!requests && loseNextAnswer) {
                        answersLost.incrementAndGet();
                        close();
                        return;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close();
            }
        }

        private void close() {
            open.remove(this);
            try {
                client.close();
                server.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private boolean matchesRule(String chunkStart) {
        for (Rule rule : rules) {
            if (chunkStart.startsWith(rule.requestLinePrefix()) && rule.remaining().getAndDecrement() > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
