package dev.skopos.jakarta.summary;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BreakdownTest {

    private static Map<String, Long> counts(JsonArray list) {
        Map<String, Long> counts = new HashMap<>();
        list.getValuesAs(JsonObject.class).forEach(e -> counts.put(e.getString("key"),
                e.getJsonNumber("count").longValue()));
        return counts;
    }

    @Test
    void addsTheDeltaToTheStoredListMostFrequentFirst() {
        JsonArray stored = Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("key", "/a").add("count", 3))
                .add(Json.createObjectBuilder().add("key", "/b").add("count", 1)).build();

        JsonArray merged = Breakdown.merge(stored, Map.of("/b", 4L, "/c", 1L));

        assertThat(merged.getValuesAs(JsonObject.class)).extracting(e -> e.getString("key"))
                .containsExactly("/b", "/a", "/c");
        assertThat(counts(merged)).isEqualTo(Map.of("/a", 3L, "/b", 5L, "/c", 1L));
    }

    @Test
    void keepsAHundredKeysAndFoldsTheRestIntoOther() {
        Map<String, Long> delta = new HashMap<>();
        for (int i = 0; i < 150; i++) {
            delta.put("/page/" + i, (long) i + 1);
        }

        JsonArray merged = Breakdown.merge(JsonValue.NULL, delta);
        JsonArray again = Breakdown.merge(merged, Map.of("/page/0", 1L));

        assertThat(merged).hasSize(Breakdown.MAX_KEYS + 1);
        long folded = 0;
        for (int i = 0; i < 50; i++) {
            folded += i + 1;
        }
        assertThat(counts(merged)).containsEntry(Breakdown.OTHER, folded).containsEntry("/page/149", 150L)
                .doesNotContainKey("/page/0");
        assertThat(counts(again).values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(counts(merged).values().stream().mapToLong(Long::longValue).sum() + 1);
        assertThat(again).hasSize(Breakdown.MAX_KEYS + 1);
    }

    @Test
    void referrerHostDropsWwwAndDefaultsToDirect() {
        assertThat(DailySummaries.referrerHost("https://www.Google.com/search?q=x")).isEqualTo("google.com");
        assertThat(DailySummaries.referrerHost("")).isEqualTo("Direct");
        assertThat(DailySummaries.referrerHost("not a url")).isEqualTo("Direct");
    }
}
