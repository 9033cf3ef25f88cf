package dev.skopos.jakarta.bench;

import dev.skopos.jakarta.internal.cluster.SharedMap;
import dev.skopos.jakarta.internal.cluster.SharedStateException;
import dev.skopos.jakarta.testing.InterceptedSharedMap;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A {@link SharedMap} that counts the calls made to the engine behind it, by operation, and the ones that
 * failed: what the shared state costs is calls to the engine, and a failed call sends the tracker on with
 * state of its own, which is cheaper and must not pass for the shared path.
 */
final class CountingSharedMap extends InterceptedSharedMap {
    private final Map<Operation, LongAdder> calls = new EnumMap<>(Operation.class);
    private final LongAdder failures = new LongAdder();

    CountingSharedMap(SharedMap engine) {
        super(engine);
        for (Operation operation : Operation.values()) {
            calls.put(operation, new LongAdder());
        }
    }

    /** Every call so far, by operation. */
    Map<Operation, Long> calls() {
        Map<Operation, Long> counts = new EnumMap<>(Operation.class);
        calls.forEach((operation, count) -> counts.put(operation, count.sum()));
        return counts;
    }

    long failures() {
        return failures.sum();
    }

    /** Every call so far, per {@code events}. */
    String perEvent(long events) {
        Map<Operation, Long> none = new EnumMap<>(Operation.class);
        calls.keySet().forEach(operation -> none.put(operation, 0L));
        return perEvent(none, events);
    }

    /** The calls made since {@code before} (an earlier {@link #calls()}), per {@code events}, e.g. "get 1.000". */
    String perEvent(Map<Operation, Long> before, long events) {
        return calls().entrySet().stream().map(entry -> String.format(Locale.ROOT, "%s %.3f",
                        entry.getKey().name().toLowerCase(Locale.ROOT),
                        (entry.getValue() - before.get(entry.getKey())) / (double) Math.max(1, events)))
                .collect(Collectors.joining(", "));
    }

    @Override
    protected <T> T intercept(Operation operation, Supplier<T> call) {
        calls.get(operation).increment();
        try {
            return call.get();
        } catch (SharedStateException e) {
            failures.increment();
            throw e;
        }
    }
}
