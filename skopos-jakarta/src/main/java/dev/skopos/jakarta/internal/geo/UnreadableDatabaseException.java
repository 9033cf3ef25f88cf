package dev.skopos.jakarta.internal.geo;

import java.nio.file.Path;

/** A geolocation file that cannot be read as a MaxMind DB: the deployment names it and fails. */
public final class UnreadableDatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    UnreadableDatabaseException(Path file, Exception cause) {
        super("'" + file + "' is not a MaxMind DB file: " + cause.getMessage(), cause);
        this.file = file;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}
