package dev.skopos.jakarta;

import java.time.Duration;
import java.util.Map;

/**
 * What became of the events handed to the tracker since it started, counted in events (page views, custom
 * events, JS error reports, identifications), not PocketBase requests. Whenever no write is in flight,
 * {@code accepted = written + droppedAfterAcceptance() + queued}.
 *
 * @param accepted        events the tracking calls accepted (returned true for)
 * @param written         accepted events PocketBase has stored
 * @param retries         writes that failed for a passing reason (PocketBase away, slow, overloaded, the login
 *                        refused) and were tried again
 * @param queued          accepted events waiting to be written; once the tracker stopped with the durable spool
 *                        on, those it keeps there for the next start
 * @param oldestQueuedAge how long the oldest of them has waited; zero when none waits
 * @param dropped         events not stored, by reason, zeros included
 */
public record Delivery(long accepted, long written, long retries, long queued, Duration oldestQueuedAge,
                       Map<DropReason, Long> dropped) {

    /**
     * Counts that keep their own copy of {@code dropped}.
     *
     * @param accepted        events accepted
     * @param written         accepted events stored
     * @param retries         writes tried again
     * @param queued          accepted events waiting to be written
     * @param oldestQueuedAge how long the oldest of them has waited
     * @param dropped         events not stored, by reason
     */
    public Delivery {
        dropped = Map.copyOf(dropped);
    }

    /**
     * Events given up after they had been accepted.
     *
     * @return the sum of the drops whose reason comes after acceptance
     */
    public long droppedAfterAcceptance() {
        return dropped.entrySet().stream().filter(entry -> entry.getKey().afterAcceptance())
                .mapToLong(Map.Entry::getValue).sum();
    }
}
