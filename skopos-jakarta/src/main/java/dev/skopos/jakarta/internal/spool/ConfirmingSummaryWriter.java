package dev.skopos.jakarta.internal.spool;

import dev.skopos.jakarta.internal.store.SummaryWriter;

/** A summary writer whose every write tells the spool whether the gains it took are confirmed. */
public final class ConfirmingSummaryWriter implements SummaryWriter {
    private final SummaryWriter writer;
    private final Spool spool;

    public ConfirmingSummaryWriter(SummaryWriter writer, Spool spool) {
        this.writer = writer;
        this.spool = spool;
    }

    @Override
    public void checkCollection(String websiteId) {
        writer.checkCollection(websiteId);
    }

    @Override
    public boolean isEmpty() {
        return writer.isEmpty();
    }

    @Override
    public int write() {
        spool.summaryWriteStarts();
        int written;
        try {
            written = writer.write();
        } catch (RuntimeException e) {
            spool.summaryFailed();
            throw e;
        }
        spool.summaryWritten();
        return written;
    }

    @Override
    public void stopped() {
        writer.stopped();
    }
}
