package dev.skopos.jakarta.internal.pocketbase;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input whose every read waits no longer than the current {@link Deadline} leaves, or than the idle
 * timeout while none is set (the body of an event stream, which may be quiet for minutes). Counts the bytes read
 * under the current deadline. Used by one thread at a time.
 */
final class TimedSocketInput extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private final int idleTimeoutMillis;
    private Deadline deadline;
    private long bytesRead;

    TimedSocketInput(Socket socket, int idleTimeoutMillis) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    /** Reads from now on end by {@code next}, or wait the idle timeout when it is null; restarts the count. */
    void deadline(Deadline next) {
        deadline = next;
        bytesRead = 0;
    }

    /** Bytes read since the deadline was set. */
    long bytesRead() {
        return bytesRead;
    }

    @Override
    public int read() throws IOException {
        arm();
        int read = in.read();
        if (read >= 0) {
            bytesRead++;
        }
        return read;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        arm();
        int read = in.read(buffer, offset, length);
        if (read > 0) {
            bytesRead += read;
        }
        return read;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    /**
     * Whether nothing arrives within a millisecond, as on a connection the other side keeps open and quiet; a
     * closed one reads its end at once.
     */
    boolean quietForAMillisecond() throws IOException {
        socket.setSoTimeout(1);
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException nothingToRead) {
            return true;
        }
    }

    private void arm() throws IOException {
        socket.setSoTimeout(deadline == null ? idleTimeoutMillis
                : Math.min(idleTimeoutMillis, deadline.remainingMillis()));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
