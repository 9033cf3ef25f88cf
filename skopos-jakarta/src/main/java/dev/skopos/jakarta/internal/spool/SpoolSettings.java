package dev.skopos.jakarta.internal.spool;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how the durable spool keeps what the tracker accepted until PocketBase confirms it.
 *
 * @param directory    a directory of this instance's own
 * @param syncInterval how often what was appended is forced to the disk (group commit)
 * @param maxBytes     the disk the spool may take; past it, new events are dropped and counted
 */
public record SpoolSettings(Path directory, Duration syncInterval, long maxBytes) {
}
