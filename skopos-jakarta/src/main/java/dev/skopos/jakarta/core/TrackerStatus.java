package dev.skopos.jakarta.core;

import java.util.Optional;

/**
 * What the tracker knows about its PocketBase connection, for health checks and logs. Never holds secrets.
 *
 * @param running       false once the tracker has been shut down
 * @param ready         the website is loaded and PocketBase answered the latest probe
 * @param pocketBaseUrl where PocketBase is
 * @param apiGeneration the API generation that accepted the login, if any yet
 * @param websiteId     the loaded {@code websites} record, if any yet
 * @param problem       why the tracker is not ready, if it is not
 */
public record TrackerStatus(
        boolean running,
        boolean ready,
        String pocketBaseUrl,
        Optional<String> apiGeneration,
        Optional<String> websiteId,
        Optional<String> problem) {
}
