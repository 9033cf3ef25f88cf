package dev.skopos.jakarta.internal.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * How many of the writer's writes go to PocketBase in one request. PocketBase 0.23 and later runs up to 50
 * writes in one {@code /api/batch} transaction, but only once its owner turns batches on; the tracker asks at
 * every connection ({@link #taken}); when a batch is refused for being longer than PocketBase takes, it sends as
 * many as PocketBase said it takes, and when batches were turned off meanwhile, one at a time. One at a time is
 * as plain requests. Thread-safe.
 */
public final class BatchWrites {
    private static final Logger LOG = Logger.getLogger(BatchWrites.class.getName());
    /** PocketBase's own default limit ({@code batch.maxRequests}). */
    public static final int DEFAULT_SIZE = 50;

    /** How many writes of batches refused whole are remembered. */
    private static final int REMEMBERED_WRITES = 10_000;

    private final int largest;
    private volatile int size = 1;
    /** Writes of batches PocketBase refused whole, naming none of them; their ids, oldest first. */
    private final Set<String> refusedWhole = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>() {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_WRITES;
                }
            }));

    /** @param largest the most writes a batch is to hold */
    public BatchWrites(int largest) {
        this.largest = largest;
    }

    /** How many writes the next batch may hold; 1 means one plain request per write. */
    public int size() {
        return size;
    }

    /** Whether PocketBase took batches when last asked, as readiness data shows it. */
    public boolean inUse() {
        return size > 1;
    }

    /** What PocketBase answered when asked, at connection, whether it takes batches. */
    public void taken(boolean takesBatches) {
        int now = takesBatches ? largest : 1;
        if (size != now) {
            LOG.info(() -> takesBatches ? "Skopos writes to PocketBase in batches of up to " + now
                    + " (/api/batch)" : "Skopos writes to PocketBase one record at a time (PocketBase's batch"
                    + " writes are off: turn them on in its settings to send many records per request)");
        }
        size = now;
    }

    /** A batch was refused as too long: PocketBase takes at most {@code limit} ({@code batch.maxRequests}). */
    public void tooLong(int limit) {
        LOG.info(() -> "PocketBase takes at most " + limit + " writes per batch (its batch.maxRequests); Skopos"
                + " sends " + limit + " at a time");
        size = Math.max(1, Math.min(limit, largest));
    }

    /**
     * PocketBase refused a batch of the writes with these ids as a whole, with a 400 that names none of them: a
     * batch that timed out in PocketBase, or a write it refuses in a way its answer does not tell.
     */
    public void refusedWhole(List<String> ids) {
        refusedWhole.addAll(ids);
    }

    /**
     * Whether any of these writes was in a batch refused whole, which then goes one write at a time, so that the
     * one PocketBase refuses is set aside alone and the others land; forgets them.
     */
    public boolean wereRefusedWhole(List<String> ids) {
        boolean any = false;
        for (String id : ids) {
            any |= refusedWhole.remove(id);
        }
        return any;
    }

    /** PocketBase refused a batch because it takes none any more. */
    public void unavailable() {
        taken(false);
    }
}
