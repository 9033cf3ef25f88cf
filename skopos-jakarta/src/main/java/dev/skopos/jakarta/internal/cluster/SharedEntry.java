package dev.skopos.jakarta.internal.cluster;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One entry of a {@link SharedMap}, read and changed as a value of type {@code S} that the map keeps as text.
 * Every change computes a new value from the one the entry holds, and puts it in place of that one atomically.
 */
public final class SharedEntry<S> {
    private final SharedMap map;
    private final String key;
    private final Function<Optional<String>, S> parse;
    private final Function<S, String> text;

    /**
     * @param parse the value of the entry's text, or of no entry
     * @param text  the text a value is kept as
     */
    public SharedEntry(SharedMap map, String key, Function<Optional<String>, S> parse, Function<S, String> text) {
        this.map = map;
        this.key = key;
        this.parse = parse;
        this.text = text;
    }

    public S read() {
        return SharedStateException.guarding(map, () -> parse.apply(map.get(key)));
    }

    /** Applies {@code change}; a change that returns the very value it was given costs no write. */
    public void update(UnaryOperator<S> change) {
        map.change(key, before -> {
            S state = parse.apply(before);
            S after = change.apply(state);
            return after == state ? EntryChange.none(null) : EntryChange.to(text.apply(after), null);
        });
    }

    /**
     * Takes something out of the entry atomically: {@code taken} finds it in the value the entry holds (empty
     * when there is nothing to take, which leaves the entry as it is), {@code after} gives the value without it.
     */
    public <T> Optional<T> take(Function<S, Optional<T>> taken, BiFunction<S, T, S> after) {
        return map.change(key, before -> {
            S state = parse.apply(before);
            Optional<T> found = taken.apply(state);
            return found.isEmpty() ? EntryChange.none(found)
                    : EntryChange.to(text.apply(after.apply(state, found.get())), found);
        });
    }

    /** Names the engine in log messages. */
    public String describe() {
        return map.describe();
    }
}
