package dev.skopos.jakarta.internal.cluster;


import java.util.Optional;
import java.util.logging.Logger;

/** Opens the engine the configuration names for the state several instances share. */
public final class SharedStates {
    private static final Logger LOG = Logger.getLogger(SharedStates.class.getName());
    private static final String JCACHE_API = "javax.cache.Caching";

    private SharedStates() {
    }

    /**
     * The shared map of {@code kind}; empty for local state, and when the engine cannot be opened, which is
     * logged as a WARNING: the instance then keeps its state to itself rather than not start.
     */
    public static Optional<SharedMap> open(SharedState kind) {
        if (kind == SharedState.LOCAL) {
            return Optional.empty();
        }
        if (!onClassPath(JCACHE_API)) {
            LOG.warning("Skopos is configured for shared state in JCache (skopos.shared-state), but the"
                    + " application sees no JCache API; this instance keeps its state to itself");
            return Optional.empty();
        }
        try {
            SharedMap map = JCacheMap.open();
            LOG.info("Skopos shares its state with the application's other instances in " + map.describe());
            return Optional.of(map);
        } catch (SharedStateException e) {
            LOG.warning("Skopos cannot open its shared state, so this instance keeps its state to itself: "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, SharedStates.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
