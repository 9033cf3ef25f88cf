package dev.skopos.jakarta.internal.pocketbase;

import dev.skopos.jakarta.testing.LoopbackServer;
import dev.skopos.jakarta.testing.RequestHeads;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double for what a real PocketBase cannot be made to send: interim answers, malformed framing, an answer
 * that trickles in. It reads each request (head and {@code Content-Length} body) and answers with the next
 * scripted reply, byte for byte, on whichever connection the request came; after a reply marked so, or once the
 * script is used up, it closes the connection.
 */
final class ScriptedHttpServer implements AutoCloseable {
    private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final LoopbackServer server;

    /**
     * One reply.
     *
     * @param bytes      what is sent, as ISO-8859-1 text
     * @param closes     whether the connection is closed after it
     * @param byteDelay  the pause before each byte; zero sends it at once
     */
    record Reply(String bytes, boolean closes, Duration byteDelay) {
        static Reply of(String bytes) {
            return new Reply(bytes, false, Duration.ZERO);
        }

        /** A complete {@code 200} answer with a JSON body. */
        static Reply json(String body) {
            return of("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
        }

        Reply thenClose() {
            return new Reply(bytes, true, byteDelay);
        }

        Reply trickled(Duration delay) {
            return new Reply(bytes, closes, delay);
        }
    }

    private ScriptedHttpServer() throws IOException {
        server = LoopbackServer.start(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), "scripted-http",
                (client, threads) -> serve(client));
    }

    static ScriptedHttpServer replying(Reply... replies) {
        try {
            ScriptedHttpServer server = new ScriptedHttpServer();
            server.script.addAll(List.of(replies));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** How many connections clients opened so far. */
    int connectionsOpened() {
        return connections.get();
    }

    private void serve(Socket client) {
        connections.incrementAndGet();
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            Reply reply;
            while (readRequest(in) && (reply = script.poll()) != null) {
                send(reply, out);
                if (reply.closes()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the test ended
        }
    }

    private static void send(Reply reply, OutputStream out) throws IOException, InterruptedException {
        byte[] bytes = reply.bytes().getBytes(StandardCharsets.ISO_8859_1);
        if (reply.byteDelay().isZero()) {
            out.write(bytes);
        } else {
            for (byte b : bytes) {
                Thread.sleep(reply.byteDelay().toMillis());
                out.write(b);
                out.flush();
            }
        }
        out.flush();
    }

    /** Reads one request; false when the client closed the connection instead. */
    private static boolean readRequest(InputStream in) throws IOException {
        Optional<byte[]> head = RequestHeads.read(in);
        if (head.isEmpty()) {
            return false;
        }
        String text = new String(head.get(), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int length = text.lines().filter(line -> line.startsWith("content-length:"))
                .mapToInt(line -> Integer.parseInt(line.substring(15).trim())).findFirst().orElse(0);
        return in.readNBytes(length).length == length;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
