package dev.skopos.jakarta.internal.cluster;

import java.util.logging.Logger;

/**
 * This instance's part in a job that one instance does for all, as a {@link WriterLease} decides it: says at
 * INFO when this instance takes the job on, so that operators can tell which one does it, and gives the lease
 * up when the instance stops. Not thread-safe: for the job's one flushing thread.
 */
public final class WriterRole {
    private final WriterLease lease;
    private final String job;
    private final Logger log;
    private boolean holding;

    /**
     * @param job what the holder writes for all, as in "the daily summaries"
     * @param log the job's own logger
     */
    public WriterRole(WriterLease lease, String job, Logger log) {
        this.lease = lease;
        this.job = job;
        this.log = log;
    }

    /** Whether this instance does the job now: the lease renewed, or taken if it was free or abandoned. */
    public boolean holds() {
        boolean holds = lease.hold();
        if (holds && !holding) {
            log.info("Skopos on this instance now writes " + job + " of all instances (" + lease.engine() + ")");
        }
        holding = holds;
        return holds;
    }

    /** Called once the last write at shutdown is done: gives the lease up, so another instance takes it at once. */
    public void stopped() {
        try {
            lease.release();
        } catch (SharedStateException e) {
            // the lease ends on its own after its term
            log.fine(() -> "Skopos could not give up writing " + job + ": " + e.getMessage());
        }
    }
}
