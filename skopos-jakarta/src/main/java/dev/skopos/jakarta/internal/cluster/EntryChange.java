package dev.skopos.jakarta.internal.cluster;

/**
 * What one step of {@link SharedMap#change} does to an entry: puts a new value, removes it, or leaves it; and
 * what the caller gets back.
 *
 * @param changes whether the entry changes
 * @param after   its new value; null to remove it
 * @param result  what {@link SharedMap#change} returns
 */
public record EntryChange<T>(boolean changes, String after, T result) {
    public static <T> EntryChange<T> none(T result) {
        return new EntryChange<>(false, null, result);
    }

    public static <T> EntryChange<T> to(String after, T result) {
        return new EntryChange<>(true, after, result);
    }

    public static <T> EntryChange<T> removed(T result) {
        return new EntryChange<>(true, null, result);
    }
}
