package dev.skopos.jakarta.summary;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A dashboard breakdown list, {@code [{"key": …, "count": …}]}, most frequent first. It keeps at most
 * {@link #MAX_KEYS} keys; the counts of all others are folded into one {@value #OTHER} entry, so a site
 * with a million distinct paths cannot grow a summary record without limit.
 */
final class Breakdown {
    static final int MAX_KEYS = 100;
    static final String OTHER = "Other";

    private Breakdown() {
    }

    /** The stored list plus {@code delta}, bounded again. */
    static JsonArray merge(JsonValue stored, Map<String, Long> delta) {
        Map<String, Long> counts = new HashMap<>(delta);
        if (stored instanceof JsonArray entries) {
            for (JsonValue entry : entries) {
                if (entry instanceof JsonObject item && item.containsKey("key")) {
                    counts.merge(item.getString("key", ""), item.getJsonNumber("count") == null ? 0
                            : item.getJsonNumber("count").longValue(), Long::sum);
                }
            }
        }
        long other = counts.getOrDefault(OTHER, 0L);
        counts.remove(OTHER);
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (int i = 0; i < sorted.size(); i++) {
            if (i < MAX_KEYS) {
                list.add(Json.createObjectBuilder().add("key", sorted.get(i).getKey())
                        .add("count", sorted.get(i).getValue()));
            } else {
                other += sorted.get(i).getValue();
            }
        }
        if (other > 0) {
            list.add(Json.createObjectBuilder().add("key", OTHER).add("count", other));
        }
        return list.build();
    }
}
