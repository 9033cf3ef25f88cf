package dev.skopos.jakarta.internal.support;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded cache that keeps what is asked for more than once (a segmented LRU): a new entry waits in a small
 * probation segment, and only one asked for again there moves to the protected segment, which holds most of
 * the capacity. A stream of keys each asked for once, such as a flood of made-up user agents, churns the
 * probation segment alone and leaves the protected entries in place. Thread-safe.
 */
public final class SegmentedCache<K, V> {
    private final Map<K, V> probation = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<K, V> protectedEntries = new LinkedHashMap<>(16, 0.75f, true);
    private final int probationCapacity;
    private final int protectedCapacity;

    /** At most {@code capacity} entries, a fifth of them on probation. */
    public SegmentedCache(int capacity) {
        this.probationCapacity = Math.max(1, capacity / 5);
        this.protectedCapacity = Math.max(1, capacity - probationCapacity);
    }

    /** The value cached for {@code key}, or null; a hit on probation moves the entry to the protected segment. */
    public synchronized V get(K key) {
        return lookUp(key);
    }

    /** Caches {@code value} for {@code key}, on probation unless the key is cached already. */
    public synchronized void put(K key, V value) {
        if (protectedEntries.containsKey(key)) {
            protectedEntries.put(key, value);
            return;
        }
        probation.put(key, value);
        trim(probation, probationCapacity);
    }

    /** The cached value, promoted to the protected segment if it was on probation. */
    private V lookUp(K key) {
        V value = protectedEntries.get(key);
        if (value != null) {
            return value;
        }
        value = probation.remove(key);
        if (value != null) {
            protectedEntries.put(key, value);
            if (protectedEntries.size() > protectedCapacity) {
                // the least recently used protected entry gets one more chance on probation
                Iterator<Map.Entry<K, V>> eldest = protectedEntries.entrySet().iterator();
                Map.Entry<K, V> demoted = eldest.next();
                eldest.remove();
                probation.put(demoted.getKey(), demoted.getValue());
                trim(probation, probationCapacity);
            }
        }
        return value;
    }

    private static <K, V> void trim(Map<K, V> segment, int capacity) {
        Iterator<Map.Entry<K, V>> eldest = segment.entrySet().iterator();
        while (segment.size() > capacity) {
            eldest.next();
            eldest.remove();
        }
    }

    /** Entries held now, in both segments. */
    public synchronized int size() {
        return probation.size() + protectedEntries.size();
    }

    /** Whether {@code key} is held, without counting as a use. */
    public synchronized boolean contains(K key) {
        return protectedEntries.containsKey(key) || probation.containsKey(key);
    }
}
