package dev.skopos.jakarta.internal.queue;

import dev.skopos.jakarta.internal.delivery.DeliveryCounts;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.support.UnforeseenFailures;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The failures of the writer's flushes (each lane's queue and sessions, the JS errors, the summaries) that
 * have not been followed by a success yet. Counts every retry, says once at WARNING what keeps the writer from
 * PocketBase however many flushes meet the same failure, and once at INFO when every flush works again. A
 * failure nobody foresaw (no {@link PocketBaseException}) is logged once per cause at SEVERE. Thread-safe.
 */
final class WriteFailures {
    private static final Logger LOG = Logger.getLogger(Flusher.class.getName());

    private final DeliveryCounts deliveryCounts;
    private final LongSupplier queuedEvents;
    private final UnforeseenFailures unforeseen;
    private final Map<Object, PocketBaseException> current = new HashMap<>();

    WriteFailures(DeliveryCounts deliveryCounts, LongSupplier queuedEvents, UnforeseenFailures unforeseen) {
        this.deliveryCounts = deliveryCounts;
        this.queuedEvents = queuedEvents;
        this.unforeseen = unforeseen;
    }

    /** {@code flush} failed with {@code failure}; it keeps what it did not write and is tried again. */
    void failed(Object flush, RuntimeException failure) {
        if (!(failure instanceof PocketBaseException e)) {
            unforeseen.failed("kept what a flush did not write, to try it again,", failure);
            return;
        }
        deliveryCounts.retried();
        boolean news;
        synchronized (current) {
            news = current.values().stream().noneMatch(known -> known.getMessage().equals(e.getMessage()));
            current.put(flush, e);
        }
        if (news) {
            LOG.warning("Skopos could not write to PocketBase (" + e.getMessage() + "); "
                    + queuedEvents.getAsLong() + " events are kept and retried");
        }
    }

    void succeeded(Object flush) {
        boolean recovered;
        synchronized (current) {
            recovered = current.remove(flush) != null && current.isEmpty();
        }
        if (recovered) {
            LOG.info("Skopos writes to PocketBase again; " + queuedEvents.getAsLong() + " events still queued");
        }
    }

    /**
     * The failure that keeps the writer from PocketBase for longer than a blip, if any: the login refused, or
     * a collection it cannot write.
     */
    Optional<PocketBaseException> blockedBy() {
        synchronized (current) {
            return current.values().stream().filter(e -> e.isCredentialsRejected() || e.isCollectionUnavailable())
                    .findFirst();
        }
    }
}
