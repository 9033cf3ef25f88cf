package dev.skopos.jakarta.testing;

import dev.skopos.jakarta.internal.cluster.SharedMap;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link SharedMap} that hands every call to the engine behind it through {@link #intercept}, where a test
 * counts, delays or fails it.
 */
public abstract class InterceptedSharedMap implements SharedMap {
    /** The calls a {@link SharedMap} makes to its engine. */
    public enum Operation { GET, PUT_IF_ABSENT, REPLACE, REMOVE }

    private final SharedMap engine;

    protected InterceptedSharedMap(SharedMap engine) {
        this.engine = engine;
    }

    /** Makes {@code call}, the {@code operation} on the engine, or does instead what the test needs. */
    protected abstract <T> T intercept(Operation operation, Supplier<T> call);

    @Override
    public Optional<String> get(String key) {
        return intercept(Operation.GET, () -> engine.get(key));
    }

    @Override
    public boolean putIfAbsent(String key, String value) {
        return intercept(Operation.PUT_IF_ABSENT, () -> engine.putIfAbsent(key, value));
    }

    @Override
    public boolean replace(String key, String expected, String value) {
        return intercept(Operation.REPLACE, () -> engine.replace(key, expected, value));
    }

    @Override
    public boolean remove(String key, String expected) {
        return intercept(Operation.REMOVE, () -> engine.remove(key, expected));
    }

    @Override
    public String describe() {
        return engine.describe();
    }
}
