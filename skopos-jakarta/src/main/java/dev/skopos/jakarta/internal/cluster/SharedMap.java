package dev.skopos.jakarta.internal.cluster;

import java.util.Optional;
import java.util.function.Function;

/**
 * A map the tracker's instances share through a distributed engine, with the atomic operations their
 * coordination needs. Keys and values are strings, so that no member of the engine ever needs the tracker's
 * classes to store, compare or back them up. Every method may throw {@link SharedStateException} when the
 * engine cannot be reached; what the tracker reads and changes through one is guarded
 * ({@link SharedStateException#guarding}), so that any other failure of the engine, or an entry that cannot be
 * read, counts as one too.
 */
public interface SharedMap {
    Optional<String> get(String key);

    /** Puts {@code value} if {@code key} has none; false if it has. */
    boolean putIfAbsent(String key, String value);

    /** Replaces {@code expected} by {@code value}; false if {@code key} holds anything else, or nothing. */
    boolean replace(String key, String expected, String value);

    /** Removes {@code key} if it holds {@code expected}; false otherwise. */
    boolean remove(String key, String expected);

    /** Names the engine in log messages, e.g. the cache and its provider. */
    String describe();

    /**
     * Changes {@code key}'s entry atomically: {@code step} computes the change from the value the entry holds
     * (empty if none), and computes it again from the newer value whenever another instance changed the entry
     * in between. Returns the result of the step that took effect.
     */
    default <T> T change(String key, Function<Optional<String>, EntryChange<T>> step) {
        return SharedStateException.guarding(this, () -> {
            while (true) {
                Optional<String> before = get(key);
                EntryChange<T> change = step.apply(before);
                if (!change.changes() || swap(key, before, change.after())) {
                    return change.result();
                }
            }
        });
    }

    private boolean swap(String key, Optional<String> before, String after) {
        if (after == null) {
            return before.isEmpty() || remove(key, before.get());
        }
        return before.isEmpty() ? putIfAbsent(key, after) : replace(key, before.get(), after);
    }
}
