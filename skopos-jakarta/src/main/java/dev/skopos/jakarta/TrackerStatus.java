package dev.skopos.jakarta;


import java.util.Optional;

/**
 * What the tracker knows about its PocketBase connection, for health checks. Holds nothing that names where
 * PocketBase is or how the tracker logs in; the details of a problem are in the log.
 *
 * @param running       false once the tracker has been shut down
 * @param ready         whether the application is ready as far as the tracker is concerned: running, and
 *                      connected as well where {@code skopos.readiness-follows-pocketbase} is true
 * @param apiGeneration the API generation that accepted the login, if any yet
 * @param problem       why the tracker is not connected (website loaded, PocketBase answering and taking its
 *                      writes), if it is not
 * @param collection    the collection PocketBase does not let the tracker write, when that is the problem
 * @param delivery      what became of the events handed to the tracker since it started
 * @param sharedState   with {@code skopos.shared-state=jcache}: {@code shared} while the engine answers,
 *                      {@code unreachable} while this instance keeps its state to itself; empty for local state
 * @param writesPerRequest how many records go to PocketBase in one request: up to 50 where PocketBase takes
 *                      batches, 1 where it does not
 * @param sessionsEndedEarly sessions ended before their timeout since the start, to make room in the memory
 *                      budget for new ones
 * @param spoolDamagedTails torn or damaged tails the durable spool skipped when it read its journal back at start
 *                      (a crash cut a write short, or the files were changed); 0 without a spool
 */
public record TrackerStatus(
        boolean running,
        boolean ready,
        Optional<String> apiGeneration,
        Optional<ConnectionProblem> problem,
        Optional<String> collection,
        Delivery delivery,
        Optional<String> sharedState,
        int writesPerRequest,
        long sessionsEndedEarly,
        long spoolDamagedTails) {

    /**
     * Whether the tracker is connected: website loaded, PocketBase answering and taking its writes.
     *
     * @return true when there is no {@link #problem()}
     */
    public boolean connected() {
        return problem.isEmpty();
    }
}
