package dev.skopos.jakarta.pipeline;

/**
 * What a flush achieved.
 *
 * @param written records written to PocketBase during the flush
 * @param pending events, identifications and JS error reports still waiting (PocketBase did not answer in time)
 */
public record FlushResult(long written, long pending) {
}
