package dev.skopos.jakarta.internal.store;

/** Writes the daily summary gains the pipeline counted to PocketBase's {@code dash_sum} records. */
public interface SummaryWriter {
    /**
     * Looks once whether PocketBase has a {@code dash_sum} collection; without one, summaries are switched off.
     *
     * @throws dev.skopos.jakarta.internal.pocketbase.PocketBaseException when PocketBase cannot tell
     */
    void checkCollection(String websiteId);

    /** Whether nothing this writer is responsible for waits to be written. */
    boolean isEmpty();

    /**
     * Writes what waits; returns how many days were written.
     *
     * @throws dev.skopos.jakarta.internal.pocketbase.PocketBaseException when PocketBase fails; what was not written
     *   is kept
     */
    int write();

    /** Called once the last write at shutdown is done: gives up whatever this writer holds for the others. */
    default void stopped() {
    }
}
