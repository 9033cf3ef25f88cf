package dev.skopos.jakarta.internal.pocketbase;

/**
 * PocketBase refused one write of a batch, and with it the whole batch, which it rolls back: {@link #request()}
 * names the write, {@link #failure()} is what it was answered, as if it had been sent on its own.
 */
public final class BatchRequestFailedException extends PocketBaseException {
    private static final long serialVersionUID = 1L;

    private final int request;
    private final PocketBaseException failure;

    BatchRequestFailedException(int request, PocketBaseException failure) {
        super(failure.status(), "PocketBase refused write " + request + " of a batch, and so the batch: "
                + failure.getMessage());
        this.request = request;
        this.failure = failure;
        initCause(failure);
    }

    /** The position of the refused write in the batch. */
    public int request() {
        return request;
    }

    /** What the refused write was answered. */
    public PocketBaseException failure() {
        return failure;
    }

    /** Whatever the write's own failure, the batch as a whole is neither transient nor to be kept as it is. */
    @Override
    public boolean isTransient() {
        return false;
    }
}
