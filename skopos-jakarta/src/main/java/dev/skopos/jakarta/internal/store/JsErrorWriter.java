package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;

import java.util.List;

/** Writes the JS error reports the pipeline merged, of sessions already stored, to PocketBase's js_errors records. */
public interface JsErrorWriter {

    /** Hears what became of the reports handed to a write: the writer's delivery counts, buffer and log. */
    interface Outcomes {
        /** A write of the reports merged in {@code error} is about to be sent; its record held {@code base}. */
        void sending(PendingJsError error, JsErrorBase base);

        /** The reports merged in {@code error} count as written. */
        void written(PendingJsError error);

        /**
         * PocketBase refused an error's record for good; the reports of this instance in {@code dropped} go with it
         * (none when they counted as written already).
         */
        void refused(List<PendingJsError> dropped, PocketBaseException e);

        /** A passing failure kept these from PocketBase: they wait for the next write. */
        void unwritten(List<PendingJsError> errors);
    }

    /**
     * Writes {@code reports}, telling {@code outcomes} what became of each. The reports it tells nothing of, when
     * it throws, the caller keeps for the next write.
     *
     * @throws PocketBaseException when PocketBase fails for a while; what was not written is kept
     */
    void write(List<PendingJsError> reports, Outcomes outcomes);

    /** Called once the last write at shutdown is done: gives up whatever this writer holds for the others. */
    default void stopped() {
    }
}
