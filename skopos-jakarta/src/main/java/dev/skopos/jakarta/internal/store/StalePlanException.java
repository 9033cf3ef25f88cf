package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;

/**
 * A write found a record gone that the plan relied on (deleted in PocketBase behind the tracker's back). The
 * tracker has forgotten what it knew of it; what is still queued is to be planned again, which recreates it.
 */
public final class StalePlanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StalePlanException(PocketBaseException cause) {
        super(cause.getMessage(), cause);
    }
}
