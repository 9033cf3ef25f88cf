package dev.skopos.jakarta.internal.delivery;

import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.DropReason;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The running counts behind {@link Delivery}: bumped by intake and writer, read by health. Thread-safe. */
public final class DeliveryCounts {
    private final LongAdder accepted = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

    public DeliveryCounts() {
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, new LongAdder());
        }
    }

    public void accepted() {
        accepted.increment();
    }

    public void written(long events) {
        written.add(events);
    }

    /** Events written so far. */
    public long written() {
        return written.sum();
    }

    public void retried() {
        retries.increment();
    }

    public void dropped(DropReason reason) {
        dropped(reason, 1);
    }

    public void dropped(DropReason reason, long events) {
        dropped.get(reason).add(events);
    }

    /** The counts so far, with what the queue holds now. */
    public Delivery snapshot(long queued, Duration oldestQueuedAge) {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        dropped.forEach((reason, count) -> drops.put(reason, count.sum()));
        return new Delivery(accepted.sum(), written.sum(), retries.sum(), queued, oldestQueuedAge, drops);
    }
}
