package dev.skopos.jakarta.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.Executor;

/** Copies bytes both ways between two connected sockets until either side closes, then closes both. */
final class Relay {

    private Relay() {
    }

    static void between(Socket one, Socket other, Executor threads) {
        threads.execute(() -> copy(one, other));
        threads.execute(() -> copy(other, one));
    }

    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            close(from);
            close(to);
        }
    }

    static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
