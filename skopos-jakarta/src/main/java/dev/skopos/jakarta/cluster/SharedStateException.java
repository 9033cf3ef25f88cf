package dev.skopos.jakarta.cluster;

/** The engine that holds the shared state failed or could not be reached. */
public final class SharedStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SharedStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
