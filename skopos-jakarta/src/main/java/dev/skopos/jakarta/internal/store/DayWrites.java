package dev.skopos.jakarta.internal.store;

import java.time.LocalDate;
import java.util.List;

/**
 * Keeps the day writes of a summary writer from before they are sent until PocketBase saved them, so that a
 * crash in between sends them again at the next start rather than adding their gains a second time.
 */
public interface DayWrites {
    /** Keeps nothing: the spool is off. */
    DayWrites NONE = new DayWrites() {
        @Override
        public List<DayWrite> unsaved() {
            return List.of();
        }

        @Override
        public void sending(List<DayWrite> writes) {
            // nothing kept
        }

        @Override
        public void settled(LocalDate day) {
            // nothing kept
        }
    };

    /** The writes kept when the tracker last stopped that PocketBase may not have saved. */
    List<DayWrite> unsaved();

    /**
     * The writes about to be sent, which take in every gain the writer took for them: from now on those gains
     * count through these writes.
     */
    void sending(List<DayWrite> writes);

    /** The day's last write was saved, or given up with the collection: it need not be sent again. */
    void settled(LocalDate day);
}
