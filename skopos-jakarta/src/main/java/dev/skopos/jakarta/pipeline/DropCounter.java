package dev.skopos.jakarta.pipeline;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** How many events were turned away for each {@link DropReason} since the tracker started. Thread-safe. */
final class DropCounter {
    private final Map<DropReason, LongAdder> counts = new EnumMap<>(DropReason.class);

    DropCounter() {
        for (DropReason reason : DropReason.values()) {
            counts.put(reason, new LongAdder());
        }
    }

    void count(DropReason reason) {
        counts.get(reason).increment();
    }

    /** Every reason with its count so far, zeros included. */
    Map<DropReason, Long> snapshot() {
        Map<DropReason, Long> copy = new EnumMap<>(DropReason.class);
        counts.forEach((reason, count) -> copy.put(reason, count.sum()));
        return Collections.unmodifiableMap(copy);
    }
}
