package dev.skopos.jakarta.internal.summary;

import dev.skopos.jakarta.internal.pocketbase.JsonFieldSize;
import dev.skopos.jakarta.internal.store.SummaryRecords;
import dev.skopos.jakarta.internal.summary.DailySummary.BreakdownList;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

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
            day.count(BreakdownList.TOP_PAGES, "/page/" + i);
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
                day.count(BreakdownList.TOP_PAGES, page);
            }
            day.count(BreakdownList.EXIT_PAGES, page);
        }
        int limit = 60_000;

        JsonObject summary = day.addedTo(JsonObject.EMPTY_JSON_OBJECT, limit);
        JsonObject again = new DailySummary().addedTo(summary, limit);

        assertThat(JsonFieldSize.of(summary)).isLessThanOrEqualTo(limit).isGreaterThan(limit - 1_000);
        JsonArray pages = summary.getJsonArray("topPages");
        assertThat(total(pages)).as("folding keeps every count").isEqualTo(2000 + 1600 + 1200 + 800 + 400);
        assertThat(counts(pages)).containsKey(Breakdown.OTHER)
                .as("the most frequent keys stay").containsEntry("/article/" + "x".repeat(40) + "/1999", 5L);
        assertThat(counts(summary.getJsonArray("exitPages"))).containsKey(Breakdown.OTHER);
        assertThat(again).as("a summary that fits is written back unchanged").isEqualTo(summary);
    }

    @Test
    void aFloodOfKeysSeenOnceNeverPushesOutThePagesSeenManyTimesNorChangesTheirCounts() {
        Map<String, Long> regular = Map.of("/", 3_000L, "/pricing", 1_200L, "/docs", 700L, "/blog/launch", 2L);
        JsonObject summary = JsonObject.EMPTY_JSON_OBJECT;
        for (int flush = 0; flush < 20; flush++) {
            DailySummary gains = new DailySummary();
            int n = flush;
            regular.forEach((page, count) -> {
                for (long view = 0; view < count / 20 + (count % 20 > n ? 1 : 0); view++) {
                    gains.count(BreakdownList.TOP_PAGES, page);
                }
            });
            int first = flush * 2_500;
            IntStream.range(first, first + 2_500).forEach(i -> gains.count(BreakdownList.TOP_PAGES, "/x/" + i));
            summary = gains.addedTo(summary, SummaryRecords.MAX_SUMMARY_BYTES);
        }

        JsonArray pages = summary.getJsonArray("topPages");
        Map<String, Long> counts = counts(pages);
        assertThat(pages.getValuesAs(JsonObject.class).subList(0, 3)).extracting(e -> e.getString("key"))
                .containsExactly("/", "/pricing", "/docs");
        assertThat(counts).containsAllEntriesOf(regular);
        assertThat(pages).hasSize(Breakdown.MAX_KEYS + 1);
        assertThat(pages.getJsonObject(pages.size() - 1).getString("key")).as("Other, last").isEqualTo(Breakdown.OTHER);
        assertThat(total(pages)).isEqualTo(3_000 + 1_200 + 700 + 2 + 50_000);
    }

    @Test
    void amongEquallyRareKeysThoseAlreadyKeptStay() {
        DailySummary first = new DailySummary();
        IntStream.range(0, Breakdown.MAX_KEYS).forEach(i -> first.count(BreakdownList.TOP_PAGES, "/b/" + i));
        JsonObject summary = first.addedTo(JsonObject.EMPTY_JSON_OBJECT, SummaryRecords.MAX_SUMMARY_BYTES);

        DailySummary later = new DailySummary();
        later.count(BreakdownList.TOP_PAGES, "/a/new");
        Map<String, Long> counts = counts(later.addedTo(summary, SummaryRecords.MAX_SUMMARY_BYTES)
                .getJsonArray("topPages"));

        assertThat(counts).doesNotContainKey("/a/new").containsEntry(Breakdown.OTHER, 1L)
                .hasSize(Breakdown.MAX_KEYS + 1);
    }

    @Test
    void gainsWaitingToBeWrittenKeepEveryKey() {
        DailySummary gains = new DailySummary();
        IntStream.range(0, 3 * Breakdown.MAX_KEYS).forEach(i -> gains.count(BreakdownList.TOP_PAGES, "/" + i));

        assertThat(gains.mergedWith(JsonObject.EMPTY_JSON_OBJECT, SummaryRecords.MAX_SUMMARY_BYTES)
                .getJsonArray("topPages")).hasSize(3 * Breakdown.MAX_KEYS);
    }

    @Test
    void aSummaryOfKeysPocketBaseEscapesStaysUnderItsLimitAsPocketBaseCountsThem() {
        DailySummary day = new DailySummary();
        for (List<String> spelling : List.of(List.of("<", ">"), List.of("&", "\u2028"))) {
            IntStream.range(0, 500).forEach(i -> day.count(BreakdownList.TOP_PAGES,
                    "/" + i + spelling.get(i % 2).repeat(1_000)));
        }
        int limit = 1_000_000;

        JsonObject summary = day.addedTo(JsonObject.EMPTY_JSON_OBJECT, limit);

        assertThat(JsonFieldSize.of(summary)).isLessThanOrEqualTo(limit);
        assertThat(summary.toString().length()).as("what a count of characters would allow").isLessThan(limit / 4);
        assertThat(counts(summary.getJsonArray("topPages"))).containsKey(Breakdown.OTHER);
    }

    @Test
    void referrerHostDropsWwwAndDefaultsToDirect() {
        assertThat(DailySummaries.referrerHost("https://www.Google.com/search?q=x")).isEqualTo("google.com");
        assertThat(DailySummaries.referrerHost("")).isEqualTo("Direct");
        assertThat(DailySummaries.referrerHost("not a url")).isEqualTo("Direct");
    }
}
