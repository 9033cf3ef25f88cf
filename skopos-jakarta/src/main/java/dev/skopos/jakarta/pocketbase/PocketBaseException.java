package dev.skopos.jakarta.pocketbase;

/**
 * A PocketBase request that failed: either PocketBase answered with an error status, or it could not be
 * reached at all ({@link #status()} is 0). Messages carry PocketBase's own error text, never credentials.
 */
public class PocketBaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int NO_RESPONSE = 0;

    private final int status;

    public PocketBaseException(int status, String message) {
        super(message);
        this.status = status;
    }

    static PocketBaseException unreachable(String baseUrl, Throwable cause) {
        PocketBaseException e = new PocketBaseException(NO_RESPONSE,
                "PocketBase at " + baseUrl + " is unreachable: " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"));
        e.initCause(cause);
        return e;
    }

    /** HTTP status PocketBase answered with, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    public boolean isUnreachable() {
        return status == NO_RESPONSE;
    }

    /** PocketBase refused the token: 401, or 403 where a collection is reserved for administrators. */
    public boolean isAuthorizationRejected() {
        return status == 401 || status == 403;
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
