package dev.skopos.jakarta.summary;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.skopos.jakarta.support.JsonProviders.JSON;

/**
 * A dashboard breakdown list, {@code [{"key": …, "count": …}]}, most frequent first. Every key is kept, as the
 * reference SDK keeps them, so the dashboard's percentages and detail lists stay exact; only a summary that
 * would outgrow its JSON field has its rarest keys folded into one {@value #OTHER} entry (see
 * {@link #foldRarest}).
 */
final class Breakdown {
    static final String OTHER = "Other";
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

    /** The list as the dashboard reads it, most frequent first, then by key. */
    static JsonArray toJson(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        JsonArrayBuilder list = JSON.createArrayBuilder();
        sorted.forEach(entry -> list.add(JSON.createObjectBuilder().add("key", entry.getKey())
                .add("count", entry.getValue())));
        return list.build();
    }

    /**
     * Folds the rarest keys of all {@code lists} into their list's {@value #OTHER} entry until at least
     * {@code bytes} of JSON are freed; among equally rare keys the longest go first.
     */
    static void foldRarest(Collection<Map<String, Long>> lists, long bytes) {
        record Candidate(Map<String, Long> list, String key, long count, int size) {
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
                .thenComparing(Comparator.comparingInt(Candidate::size).reversed()));
        long freed = 0;
        for (Candidate candidate : candidates) {
            if (freed >= bytes) {
                return;
            }
            candidate.list().remove(candidate.key());
            boolean otherIsNew = candidate.list().merge(OTHER, candidate.count(), Long::sum) == candidate.count();
            freed += candidate.size() - (otherIsNew ? entrySize(OTHER, candidate.count()) : 0);
        }
    }

    /** Bytes of one entry in the stored JSON, its separating comma included. */
    static int entrySize(String key, long count) {
        return ENTRY_OVERHEAD + utf8Length(JSON.createValue(key)) + Long.toString(count).length();
    }

    static int utf8Length(JsonValue value) {
        return value.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
