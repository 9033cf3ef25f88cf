package dev.skopos.it.declared;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a transaction ended, and which warnings had been logged in it when it began to commit; registered with
 * the transaction, the transaction manager calls it back before and after completion.
 */
public final class TransactionOutcome implements Synchronization {
    private final LoggedWarnings warnings;
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private volatile List<String> warningsBeforeCommit = List.of();

    TransactionOutcome(LoggedWarnings warnings) {
        this.warnings = warnings;
    }

    @Override
    public void beforeCompletion() {
        warningsBeforeCommit = warnings.messages();
    }

    @Override
    public void afterCompletion(int completedStatus) {
        status.complete(completedStatus);
    }

    /** {@code committed}, or the {@link Status} code it ended with; waits up to 10 s for the transaction to end. */
    String await() throws InterruptedException, ExecutionException, TimeoutException {
        int completed = status.get(10, TimeUnit.SECONDS);
        return completed == Status.STATUS_COMMITTED ? "committed" : "ended with status " + completed;
    }

    /** The warnings logged before the transaction began to commit; none if it never began to. */
    List<String> warningsBeforeCommit() {
        return warningsBeforeCommit;
    }
}
