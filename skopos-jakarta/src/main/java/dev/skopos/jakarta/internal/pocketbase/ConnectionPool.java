package dev.skopos.jakarta.internal.pocketbase;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The kept-alive connections to PocketBase that wait for their next request, most recently used first. There are
 * never more of them than requests were in flight at once. Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {
    /**
     * A connection idle longer is closed rather than used: servers and proxies close idle connections
     * (PocketBase after ten minutes, proxies often after a minute), and a request sent on a connection the
     * other side is closing fails.
     */
    private static final Duration MAX_IDLE = Duration.ofSeconds(20);
    /** A connection idle longer is first checked for having been closed by the other side (a millisecond). */
    private static final Duration CHECKED_AFTER_IDLE = Duration.ofSeconds(1);

    private final Origin origin;
    private final Duration requestDeadline;
    private final long maxAnswerBytes;
    private final Clock clock;
    private final Deque<KeptAliveConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    ConnectionPool(Origin origin, Duration requestDeadline, long maxAnswerBytes, Clock clock) {
        this.origin = origin;
        this.requestDeadline = requestDeadline;
        this.maxAnswerBytes = maxAnswerBytes;
        this.clock = clock;
    }

    /** An idle connection that is still fresh, or a new one. */
    KeptAliveConnection take(Deadline deadline) throws IOException {
        KeptAliveConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            Duration idleFor = connection.idle();
            if (connection.reusable() && idleFor.compareTo(MAX_IDLE) < 0
                    && (idleFor.compareTo(CHECKED_AFTER_IDLE) < 0 || connection.stillOpen())) {
                return connection;
            }
            connection.close();
        }
        return open(deadline);
    }

    /** A new connection. */
    KeptAliveConnection open(Deadline deadline) throws IOException {
        return KeptAliveConnection.open(origin, deadline, requestDeadline, maxAnswerBytes, clock);
    }

    /** Takes back a connection whose exchange ended; one that cannot carry another request is closed. */
    void release(KeptAliveConnection connection) {
        if (connection.reusable() && !closed) {
            idle.offerFirst(connection);
        } else {
            connection.close();
        }
    }

    /** Closes the idle connections; one in use is closed when its request ends. */
    @Override
    public void close() {
        closed = true;
        KeptAliveConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.close();
        }
    }
}
