package dev.skopos.jakarta.internal.visitors;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records in the visitors' shared entries, behind the requests, the events of sessions this instance holds
 * live already: what the other instances need of them, how long the session lives and which page is its
 * latest, can follow a moment later. Several events of one visitor waiting together cost one replace, and
 * the entry keeps the latest of events recorded out of order, so an event sent twice changes nothing.
 */
final class SharedEventRelay {
    private record Latest(String sessionId, String path, Instant at) {
        Latest laterOf(Latest other) {
            return other.at.isBefore(at) ? this : other;
        }
    }

    private final SharedVisits visits;
    private final Executor executor;
    /** By visitor; an event leaves only once it is in the entry, so a send of the visitor's may repeat it. */
    private final ConcurrentHashMap<String, Latest> waiting = new ConcurrentHashMap<>();
    private final AtomicBoolean sendScheduled = new AtomicBoolean();

    SharedEventRelay(SharedVisits visits, Executor executor) {
        this.visits = visits;
        this.executor = executor;
    }

    /** Records the event soon, on the executor, without waiting. */
    void record(String visitorId, String sessionId, String path, Instant at) {
        waiting.merge(visitorId, new Latest(sessionId, path, at), Latest::laterOf);
        if (sendScheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::sendWaiting);
            } catch (RejectedExecutionException e) {
                // the executor stops with the application, whose drain sends what waits
                sendScheduled.set(false);
            }
        }
    }

    /** Records every event waiting now, on the calling thread. */
    void sendWaiting() {
        sendScheduled.set(false);
        waiting.keySet().forEach(this::send);
    }

    /** Records the visitor's waiting event, if any, on the calling thread: it is in the entry on return. */
    void send(String visitorId) {
        Latest event = waiting.get(visitorId);
        if (event == null) {
            return;
        }
        visits.orAlone(() -> {
            visits.recordEventOf(visitorId, event.sessionId(), event.path(), event.at());
            return true;
        }, () -> false);
        waiting.remove(visitorId, event);
    }
}
