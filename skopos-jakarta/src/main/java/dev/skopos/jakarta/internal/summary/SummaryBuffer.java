package dev.skopos.jakarta.internal.summary;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The not yet written gains of each UTC day; thread-safe. Reports every change of the memory they hold, in
 * bytes, to {@code memoryUse} (negative when memory is freed).
 */
final class SummaryBuffer {
    private final Map<LocalDate, DailySummary> days = new TreeMap<>();
    private final LongConsumer memoryUse;

    SummaryBuffer(LongConsumer memoryUse) {
        this.memoryUse = memoryUse;
    }

    synchronized void update(LocalDate day, Consumer<DailySummary> change) {
        DailySummary gains = days.get(day);
        long before = 0;
        if (gains == null) {
            gains = new DailySummary();
            days.put(day, gains);
        } else {
            before = gains.bytes();
        }
        change.accept(gains);
        memoryUse.accept(gains.bytes() - before);
    }

    synchronized Map<LocalDate, DailySummary> takeAll() {
        Map<LocalDate, DailySummary> taken = new TreeMap<>(days);
        days.clear();
        memoryUse.accept(-held(taken));
        return taken;
    }

    /** Gives back a day's gains that could not be written, merged with any that arrived since. */
    synchronized void putBack(LocalDate day, DailySummary unwritten) {
        DailySummary newer = days.get(day);
        long before = newer == null ? 0 : newer.bytes();
        if (newer != null) {
            unwritten.mergeFrom(newer);
        }
        days.put(day, unwritten);
        memoryUse.accept(unwritten.bytes() - before);
    }

    synchronized void clear() {
        memoryUse.accept(-held(days));
        days.clear();
    }

    private static long held(Map<LocalDate, DailySummary> days) {
        return days.values().stream().mapToLong(DailySummary::bytes).sum();
    }

    synchronized boolean isEmpty() {
        return days.values().stream().allMatch(DailySummary::isEmpty);
    }
}
