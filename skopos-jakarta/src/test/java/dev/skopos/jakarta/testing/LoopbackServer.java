package dev.skopos.jakarta.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads of a test server on a loopback socket: one accepts connections and hands each to the handler on a
 * daemon thread of its own, until {@link #close()}.
 */
public final class LoopbackServer implements AutoCloseable {
    private final ServerSocket listener;
    private final Handler handler;
    private final ExecutorService threads;

    /** What the server does with each connection; {@code threads} may run more of its work. */
    public interface Handler {
        void handle(Socket connection, Executor threads) throws IOException;
    }

    private LoopbackServer(ServerSocket listener, String name, Handler handler) {
        this.listener = listener;
        this.handler = handler;
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::accept);
    }

    public static LoopbackServer start(ServerSocket listener, String name, Handler handler) {
        return new LoopbackServer(listener, name, handler);
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket connection = listener.accept();
                threads.execute(() -> {
                    try {
                        handler.handle(connection, threads);
                    } catch (IOException | RuntimeException e) {
                        Relay.close(connection);
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        threads.shutdownNow();
    }
}
