package dev.skopos.jakarta.internal.cluster;

import java.util.function.Supplier;

/**
 * The engine that holds the shared state failed or could not be reached, or an entry in it could not be read.
 */
public final class SharedStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SharedStateException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The answer of {@code call}, which reads or changes entries of {@code map}; whatever else it throws (an engine
     * failing in a way its adapter did not foresee, an entry left by another version or damaged) is thrown as a
     * {@code SharedStateException}, so that the instance goes on with state of its own, as it does while the engine
     * is out of reach. Only the exception's type is quoted: its message may quote an entry.
     */
    public static <T> T guarding(SharedMap map, Supplier<T> call) {
        try {
            return call.get();
        } catch (SharedStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SharedStateException(map.describe() + " failed unexpectedly (" + e.getClass().getName() + ")",
                    e);
        }
    }
}
