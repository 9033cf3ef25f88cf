package dev.skopos.jakarta.internal.cluster;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Whether the engine of the shared state answers, as the last call to it found: a failure is said once per
 * episode at WARNING (the instance goes on with state of its own meanwhile), the recovery at INFO. Shared by
 * everything that uses the engine.
 */
public final class SharedStateHealth {
    private static final Logger LOG = Logger.getLogger(SharedStateHealth.class.getName());

    private volatile SharedStateException failure;

    /**
     * The answer of {@code call}, which uses the engine behind {@code map}; when the engine fails it, the answer
     * of {@code alone}, which goes on with state of this instance only. Either way, noted here.
     */
    public <T> T call(SharedMap map, Supplier<T> call, Supplier<T> alone) {
        T answer;
        try {
            answer = call.get();
        } catch (SharedStateException e) {
            failed(e);
            return alone.get();
        }
        answered(map);
        return answer;
    }

    /**
     * As {@link #call}, for a caller that must not wait on an engine known to fail, such as a request: while the
     * last call failed, the answer of {@code alone}, at once. The calls made behind the requests find out when
     * the engine answers again.
     */
    public <T> T callUnlessFailing(SharedMap map, Supplier<T> call, Supplier<T> alone) {
        return failure != null ? alone.get() : call(map, call, alone);
    }

    /** A call to the engine failed; this instance keeps its state to itself until one succeeds. */
    private void failed(SharedStateException e) {
        if (failure == null) {
            LOG.warning("Skopos cannot reach its shared state (" + e.getMessage() + "); this instance keeps its"
                    + " sessions, daily summary gains and JS error reports to itself until it can, so figures of"
                    + " visitors served by several instances meanwhile may be split or lost");
        }
        failure = e;
    }

    /** A call to the engine succeeded. */
    private void answered(SharedMap map) {
        if (failure != null) {
            failure = null;
            LOG.info("Skopos reaches its shared state again (" + map.describe() + ")");
        }
    }

    /** The engine's last failure, while it lasts. */
    public Optional<SharedStateException> failure() {
        return Optional.ofNullable(failure);
    }
}
