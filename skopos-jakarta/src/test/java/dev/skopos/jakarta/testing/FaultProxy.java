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
 * timeout after a saved write looks to the client. It can also put an answer of its own in the place of
 * PocketBase's, after PocketBase carried the request out or without passing it on, as a broken proxy or a hook
 * that rewrites answers would; hold every request for a while, as a slow or distant PocketBase answers late; and
 * connect onwards from another loopback address, as a client elsewhere would. Everything else passes untouched.
 */
public final class FaultProxy implements AutoCloseable {
    private final URI target;
    private final InetSocketAddress outgoing;
    private final LoopbackServer server;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final AtomicInteger answersLost = new AtomicInteger();
    private final AtomicInteger answersReplaced = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile Duration requestDelay = Duration.ZERO;

    /** What becomes of a request a rule takes, and of its answer. */
    private enum Fault {
        /** PocketBase carries the request out; its answer is dropped and the connection closed. */
        LOSE,
        /** PocketBase carries the request out; the client gets the rule's reply instead of its answer. */
        REPLACE,
        /** PocketBase never sees the request; the client gets the rule's reply. */
        ANSWER_INSTEAD
    }

    private record Rule(String requestLinePrefix, AtomicInteger remaining, Fault fault, byte[] reply) {
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
        rules.add(new Rule(method + " " + pathPrefix, new AtomicInteger(times), Fault.LOSE, null));
    }

    /**
     * Passes the next {@code times} requests whose request line starts with {@code method path} on, and answers
     * each with {@code reply} (its bytes as ISO-8859-1 text) in the place of PocketBase's answer; then closes the
     * connection.
     */
    public void replaceAnswers(String method, String pathPrefix, int times, String reply) {
        rules.add(new Rule(method + " " + pathPrefix, new AtomicInteger(times), Fault.REPLACE,
                reply.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /**
     * Answers the next {@code times} requests whose request line starts with {@code method path} with {@code reply}
     * itself, without passing them on; then closes the connection once the client has (so the reply should say
     * {@code Connection: close}).
     */
    public void answerInstead(String method, String pathPrefix, int times, String reply) {
        rules.add(new Rule(method + " " + pathPrefix, new AtomicInteger(times), Fault.ANSWER_INSTEAD,
                reply.getBytes(StandardCharsets.ISO_8859_1)));
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

    /** How many answers were replaced, or given instead of PocketBase's, so far. */
    public int answersReplaced() {
        return answersReplaced.get();
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
        /** The rule that took the request whose answer comes next, if one did. */
        private volatile Rule answerRule;

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
                        Rule rule = matchingRule(new String(buffer, 0, Math.min(read, 200),
                                StandardCharsets.ISO_8859_1));
                        if (rule != null && rule.fault() == Fault.ANSWER_INSTEAD) {
                            answer(rule.reply());
                            // read to its end before closing: a socket closed with bytes unread resets the
                            // connection, which can cost the client the reply
                            client.shutdownOutput();
                            in.transferTo(OutputStream.nullOutputStream());
                            return;
                        }
                        answerRule = rule != null ? rule : answerRule;
                    } else if (answerRule != null) {
                        if (answerRule.fault() == Fault.LOSE) {
                            answersLost.incrementAndGet();
                        } else {
                            answer(answerRule.reply());
                        }
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

        /** Sends {@code reply} to the client; the connection closes after it. */
        private void answer(byte[] reply) throws IOException {
            answersReplaced.incrementAndGet();
            OutputStream out = client.getOutputStream();
            out.write(reply);
            out.flush();
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

    private Rule matchingRule(String chunkStart) {
        for (Rule rule : rules) {
            if (chunkStart.startsWith(rule.requestLinePrefix()) && rule.remaining().getAndDecrement() > 0) {
                return rule;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
