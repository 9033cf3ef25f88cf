package dev.skopos.jakarta.internal.config;

import dev.skopos.jakarta.internal.cluster.SharedState;
import dev.skopos.jakarta.internal.pocketbase.AdminCredentials;
import dev.skopos.jakarta.internal.spool.SpoolSettings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The tracker's settings, validated once at start-up.
 *
 * @param siteId               tracking id of the {@code websites} record
 * @param pocketBaseUrl        base URL of PocketBase, without a trailing slash
 * @param credentials          PocketBase admin (0.22) or superuser (0.23+) login, or an auth collection's record
 * @param batch                whether events are queued and written in batches
 * @param batchInterval        flush period when batching
 * @param maxBatchSize         queue length that triggers an immediate flush
 * @param writeConcurrency     how many writes to PocketBase may be in flight at once (one per write lane)
 * @param sessionTimeout       inactivity after which a session ends
 * @param jsErrorBatchInterval flush period for JS error reports
 * @param memoryBudget         bytes the tracker may hold in memory: queue, sessions, caches, summary gains
 * @param geoipDatabases       readable MaxMind DB files to geolocate visitors with, in lookup order; empty for none
 * @param safeguards           whom the tracker believes and what it keeps about visitors
 * @param readinessFollowsPocketBase whether PocketBase trouble makes the application not ready, or (by default)
 *                                   is only reported while the tracker buffers
 * @param sharedState          where the state that several instances must share is kept
 * @param endpointEnabled      whether the browser script's endpoint takes events, and the tracker calls
 *                             made while serving a request belong to its client
 * @param spool                where what was accepted is kept on disk until PocketBase confirms it; empty when off
 */
public record SkoposConfig(
        String siteId,
        URI pocketBaseUrl,
        AdminCredentials credentials,
        boolean batch,
        Duration batchInterval,
        int maxBatchSize,
        int writeConcurrency,
        Duration sessionTimeout,
        Duration jsErrorBatchInterval,
        long memoryBudget,
        List<Path> geoipDatabases,
        Safeguards safeguards,
        boolean readinessFollowsPocketBase,
        SharedState sharedState,
        boolean endpointEnabled,
        Optional<SpoolSettings> spool) {
}
