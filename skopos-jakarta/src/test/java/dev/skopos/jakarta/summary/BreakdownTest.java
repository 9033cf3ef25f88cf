package dev.skopos.jakarta.summary;

import dev.skopos.jakarta.store.SummaryRecords;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
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

    private static long total(JsonArray list) {
        return counts(list).values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void addsTheDeltaToTheStoredListMostFrequentFirst() {
        JsonArray stored = Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("key", "/a").add("count", 3))
                .add(Json.createObjectBuilder().add("key", "/b").add("count", 1)).build();

        JsonArray merged = Breakdown.toJson(Breakdown.merged(stored, Map.of("/b", 4L, "/c", 1L)));

        assertThat(merged.getValuesAs(JsonObject.class)).extracting(e -> e.getString("key"))
                .containsExactly("/b", "/a", "/c");
        assertThat(counts(merged)).isEqualTo(Map.of("/a", 3L, "/b", 5L, "/c", 1L));
    }

    @Test
    void keepsEveryKeyWhileTheSummaryFitsItsField() {
        DailySummary day = new DailySummary();
        for (int i = 0; i < 500; i++) {
            day.count(DailySummary.List.TOP_PAGES, "/page/" + i);
        }

        JsonArray pages = day.addedTo(JsonObject.EMPTY_JSON_OBJECT, SummaryRecords.MAX_SUMMARY_BYTES)
                .getJsonArray("topPages");

        assertThat(pages).hasSize(500);
        assertThat(counts(pages)).doesNotContainKey(Breakdown.OTHER);
    }

    @Test
    void foldsOnlyTheRarestKeysAndOnlyAsFarAsTheFieldLimitRequires() {
        DailySummary day = new DailySummary();
        for (int i = 0; i < 2000; i++) {
            String page = "/article/" + "x".repeat(40) + "/" + i;
            for (int n = 0; n <= i % 5; n++) {
                day.count(DailySummary.List.TOP_PAGES, page);
            }
            day.count(DailySummary.List.EXIT_PAGES, page);
        }
        int limit = 60_000;

        JsonObject summary = day.addedTo(JsonObject.EMPTY_JSON_OBJECT, limit);
        JsonObject again = new DailySummary().addedTo(summary, limit);

        assertThat(Breakdown.utf8Length(summary)).isLessThanOrEqualTo(limit).isGreaterThan(limit - 1_000);
        JsonArray pages = summary.getJsonArray("topPages");
        assertThat(total(pages)).as("folding keeps every count").isEqualTo(2000 + 1600 + 1200 + 800 + 400);
        assertThat(counts(pages)).containsKey(Breakdown.OTHER)
                .as("the most frequent keys stay").containsEntry("/article/" + "x".repeat(40) + "/1999", 5L);
        assertThat(counts(summary.getJsonArray("exitPages"))).containsKey(Breakdown.OTHER);
        assertThat(again).as("a summary that fits is written back unchanged").isEqualTo(summary);
    }

    @Test
    void referrerHostDropsWwwAndDefaultsToDirect() {
        assertThat(DailySummaries.referrerHost("https://www.Google.com/search?q=x")).isEqualTo("google.com");
        assertThat(DailySummaries.referrerHost("")).isEqualTo("Direct");
        assertThat(DailySummaries.referrerHost("not a url")).isEqualTo("Direct");
    }
}
