package dev.skopos.jakarta.summary;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** The not yet written gains of each UTC day; thread-safe. */
final class SummaryBuffer {
    private final Map<LocalDate, DailySummary> days = new TreeMap<>();

    synchronized void update(LocalDate day, Consumer<DailySummary> change) {
        change.accept(days.computeIfAbsent(day, d -> new DailySummary()));
    }

    synchronized Map<LocalDate, DailySummary> takeAll() {
        Map<LocalDate, DailySummary> taken = new TreeMap<>(days);
        days.clear();
        return taken;
    }

    /** Gives back a day's gains that could not be written, merged with any that arrived since. */
    synchronized void putBack(LocalDate day, DailySummary unwritten) {
        days.merge(day, unwritten, (newer, older) -> {
            older.mergeFrom(newer);
            return older;
        });
    }

    synchronized void clear() {
        days.clear();
    }

    synchronized boolean isEmpty() {
        return days.values().stream().allMatch(DailySummary::isEmpty);
    }
}
