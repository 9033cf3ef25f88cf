package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;

import java.util.List;

/**
 * Writes this instance's JS error reports on its own, each added to the count its record holds as this
 * instance last knew it ({@link Records#addJsErrors}): exact for a single instance; several writing this way
 * at once may lose each other's reports.
 */
public final class LocalJsErrorRecords implements JsErrorWriter {
    private final Records records;

    public LocalJsErrorRecords(Records records) {
        this.records = records;
    }

    /**
     * Writes the reports in order; a passing failure keeps the one it hit and those after it. A failure nobody
     * foresaw keeps the one it hit, and the others are written; it is thrown once they are, for the write to be
     * tried again.
     */
    @Override
    public void write(List<PendingJsError> reports, Outcomes outcomes) {
        RuntimeException unforeseen = null;
        for (int i = 0; i < reports.size(); i++) {
            PendingJsError error = reports.get(i);
            try {
                records.addJsErrors(error, base -> outcomes.sending(error, base));
                outcomes.written(error);
            } catch (PocketBaseException e) {
                if (e.keepsRecord()) {
                    outcomes.unwritten(reports.subList(i, reports.size()));
                    throw e;
                }
                outcomes.refused(List.of(error), e);
            } catch (RuntimeException e) {
                outcomes.unwritten(List.of(error));
                unforeseen = unforeseen == null ? e : unforeseen;
            }
        }
        if (unforeseen != null) {
            throw unforeseen;
        }
    }
}
