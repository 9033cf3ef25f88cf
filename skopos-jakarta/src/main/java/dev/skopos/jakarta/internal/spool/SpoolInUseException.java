package dev.skopos.jakarta.internal.spool;

import java.nio.file.Path;

/** The spool directory is held by another tracker, in this process or another: two must never share one. */
public final class SpoolInUseException extends IllegalStateException {
    SpoolInUseException(Path directory) {
        super("Skopos's spool directory " + directory + " (skopos.spool-directory) is in use by another tracker;"
                + " give each instance a directory of its own");
    }
}
