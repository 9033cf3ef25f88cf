package dev.skopos.jakarta.internal.summary;

import dev.skopos.jakarta.internal.pocketbase.JsonFieldSize;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * A dashboard breakdown list, {@code [{"key": …, "count": …}]}, most frequent first. A day's list keeps its
 * {@link #MAX_KEYS} heaviest keys with their exact counts and folds the rest into one {@value #OTHER} entry,
 * always last: a flood of keys seen once each only ever competes with the rarest kept keys, never with a page
 * seen thousands of times, and the list's total stays the day's. A summary that would still outgrow its JSON
 * field has its rarest keys folded as well ({@link #foldRarest}).
 */
final class Breakdown {
    static final String OTHER = "Other";
    /** Keys a day's list keeps, besides {@value #OTHER}: far more than a dashboard shows. */
    static final int MAX_KEYS = 1_000;
    /** JSON punctuation around one entry: {@code {"key":,"count":}} and the comma after it. */
    private static final int ENTRY_OVERHEAD = 18;

    private Breakdown() {
    }

    /** The counts of the stored list plus {@code delta}. */
    static Map<String, Long> merged(JsonValue stored, Map<String, Long> delta) {
        Map<String, Long> counts = new HashMap<>(delta);
        if (stored instanceof JsonArray entries) {
            for (JsonValue entry : entries) {
                if (entry instanceof JsonObject item && item.get("key") != null
                        && item.get("count") instanceof JsonNumber count) {
                    counts.merge(item.getString("key", ""), count.longValue(), Long::sum);
                }
            }
        }
        return counts;
    }

    /** The keys of a stored list. */
    static Set<String> keys(JsonValue stored) {
        Set<String> keys = new HashSet<>();
        if (stored instanceof JsonArray entries) {
            for (JsonValue entry : entries) {
                if (entry instanceof JsonObject item && item.get("key") instanceof JsonString key) {
                    keys.add(key.getString());
                }
            }
        }
        return keys;
    }

    /**
     * Folds all but the {@code maxKeys} most frequent keys of {@code counts} into {@value #OTHER}. Among equally
     * frequent keys the ones already {@code kept} stay, so the list's tail does not change with every write.
     */
    static void keepHeaviest(Map<String, Long> counts, Set<String> kept, int maxKeys) {
        int keys = counts.size() - (counts.containsKey(OTHER) ? 1 : 0);
        if (keys <= maxKeys) {
            return;
        }
        List<Map.Entry<String, Long>> ranked = new ArrayList<>(counts.entrySet());
        ranked.removeIf(entry -> OTHER.equals(entry.getKey()));
        ranked.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(entry -> !kept.contains(entry.getKey()))
                .thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Long> folded : ranked.subList(maxKeys, ranked.size())) {
            counts.remove(folded.getKey());
            counts.merge(OTHER, folded.getValue(), Long::sum);
        }
    }

    /** The list as the dashboard reads it, most frequent first, then by key, and {@value #OTHER} last. */
    static JsonArray toJson(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Comparator.<Map.Entry<String, Long>, Boolean>comparing(entry -> OTHER.equals(entry.getKey()))
                .thenComparing(Map.Entry.comparingByValue(Comparator.reverseOrder()))
                .thenComparing(Map.Entry.comparingByKey()));
        JsonArrayBuilder list = JSON.createArrayBuilder();
        sorted.forEach(entry -> list.add(JSON.createObjectBuilder().add("key", entry.getKey())
                .add("count", entry.getValue())));
        return list.build();
    }

    /**
     * Folds the rarest keys of all {@code lists} into their list's {@value #OTHER} entry until at least
     * {@code bytes} of JSON (as PocketBase counts them) are freed; among equally rare keys the longest go first.
     * Returns whether there was anything to fold.
     */
    static boolean foldRarest(Collection<Map<String, Long>> lists, long bytes) {
        record Candidate(Map<String, Long> list, String key, long count, long size) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Map<String, Long> list : lists) {
            list.forEach((key, count) -> {
                if (!OTHER.equals(key)) {
                    candidates.add(new Candidate(list, key, count, entrySize(key, count)));
                }
            });
        }
        candidates.sort(Comparator.comparingLong(Candidate::count)
                .thenComparing(Comparator.comparingLong(Candidate::size).reversed()));
        long freed = 0;
        for (Candidate candidate : candidates) {
            if (freed >= bytes) {
                break;
            }
            candidate.list().remove(candidate.key());
            boolean otherIsNew = candidate.list().merge(OTHER, candidate.count(), Long::sum) == candidate.count();
            freed += candidate.size() - (otherIsNew ? entrySize(OTHER, candidate.count()) : 0);
        }
        return !candidates.isEmpty();
    }

    /** Bytes of one entry in the stored JSON as PocketBase counts them, its separating comma included. */
    static long entrySize(String key, long count) {
        return ENTRY_OVERHEAD + JsonFieldSize.of(JSON.createValue(key)) + Long.toString(count).length();
    }
}
