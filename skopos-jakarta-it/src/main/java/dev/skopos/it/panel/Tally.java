package dev.skopos.it.panel;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts per key for one breakdown, turned into shares the way the dashboard lists them: most frequent first,
 * keys of equal count in the order they were first counted, each as a percentage of a total the breakdown
 * names (all page views, all sessions or all JS errors, not the sum of its own counts).
 */
final class Tally {
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    void add(String key) {
        add(key, 1);
    }

    void add(String key, int times) {
        counts.merge(key, times, Integer::sum);
    }

    /** Every key's share of {@code total}; none when the total is zero. */
    List<Share> shares(int total) {
        return shares(total, Integer.MAX_VALUE);
    }

    /** The first {@code length} shares of {@code total}. */
    List<Share> shares(int total, int length) {
        if (total == 0) {
            return List.of();
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(length)
                .map(entry -> new Share(entry.getKey(), entry.getValue(), Share.percentage(entry.getValue(), total)))
                .toList();
    }
}
