package dev.skopos.jakarta.bench;

import dev.skopos.jakarta.internal.cluster.SharedMap;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SharedMap} in this JVM's memory, with no engine behind it: sharing through it costs only the tracker's
 * own work for the shared state (its entries written and read as text, each change an atomic replace), which
 * tells that work apart from the engine's.
 */
final class InProcessSharedMap implements SharedMap {
    private final ConcurrentHashMap<String, String> entries = new ConcurrentHashMap<>();

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public boolean putIfAbsent(String key, String value) {
        return entries.putIfAbsent(key, value) == null;
    }

    @Override
    public boolean replace(String key, String expected, String value) {
        return entries.replace(key, expected, value);
    }

    @Override
    public boolean remove(String key, String expected) {
        return entries.remove(key, expected);
    }

    @Override
    public String describe() {
        return "a map in this JVM";
    }
}
