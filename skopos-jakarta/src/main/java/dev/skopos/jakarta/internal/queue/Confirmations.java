package dev.skopos.jakarta.internal.queue;

import dev.skopos.jakarta.internal.store.JsErrorBase;
import dev.skopos.jakarta.internal.store.PendingWrite;

/**
 * Hears what PocketBase confirmed of the queued records, for the durable spool, which keeps each accepted entry
 * until all of it is.
 */
public interface Confirmations {
    /** Confirms nothing: the spool is off. */
    Confirmations NONE = new Confirmations() {
        @Override
        public void landed(PendingWrite write, Runnable effects) {
            effects.run();
        }

        @Override
        public void reportsSending(long[] spoolSeqs, JsErrorBase base) {
            // nothing spooled
        }

        @Override
        public void reportsWritten(long[] spoolSeqs) {
            // nothing spooled
        }
    };

    /**
     * A record's writes landed, or PocketBase refused them for good: {@code effects} counts what it brings to the
     * daily summaries, at once.
     */
    void landed(PendingWrite write, Runnable effects);

    /**
     * A write of the JS error reports of these spooled events is about to be sent, setting their error's record
     * to what it held before, {@code base}, plus the reports.
     */
    void reportsSending(long[] spoolSeqs, JsErrorBase base);

    /** The JS error reports of these spooled events were written to their errors' records. */
    void reportsWritten(long[] spoolSeqs);
}
