package dev.skopos.jakarta;

/**
 * What a flush achieved.
 *
 * @param written events (page views, custom events, JS error reports, identifications) written to PocketBase
 *                during the flush
 * @param pending events still waiting (PocketBase did not take them in time)
 */
public record FlushResult(long written, long pending) {
}
