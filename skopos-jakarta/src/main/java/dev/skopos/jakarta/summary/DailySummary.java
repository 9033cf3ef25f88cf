package dev.skopos.jakarta.summary;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * What one UTC day gained since the last flush: the figures and breakdown lists of
 * {@code dash_sum.summary}. Not thread-safe; {@link SummaryBuffer} guards it.
 */
final class DailySummary {

    /** The counters of a day, by their field name in {@code dash_sum.summary}. */
    enum Figure {
        PAGE_VIEWS("pageViews"), VISITORS("visitors"), NEW_VISITORS("newVisitors"),
        RETURNING_VISITORS("returningVisitors"), ENGAGED_SESSIONS("engagedSessions"), JS_ERRORS("jsErrors");

        final String field;

        Figure(String field) {
            this.field = field;
        }
    }

    /** The breakdown lists of a day, by their field name in {@code dash_sum.summary}. */
    enum List {
        TOP_PAGES("topPages"), ENTRY_PAGES("entryPages"), EXIT_PAGES("exitPages"), TOP_REFERRERS("topReferrers"),
        DEVICES("deviceBreakdown"), BROWSERS("browserBreakdown"), LANGUAGES("languageBreakdown"),
        COUNTRIES("countryBreakdown"), STATES("stateBreakdown"), CUSTOM_EVENTS("topCustomEvents"),
        JS_ERRORS("topJsErrors");

        final String field;

        List(String field) {
            this.field = field;
        }
    }

    private final Map<Figure, Long> figures = new EnumMap<>(Figure.class);
    private final Map<List, Map<String, Long>> lists = new EnumMap<>(List.class);

    void add(Figure figure, long amount) {
        figures.merge(figure, amount, Long::sum);
    }

    void count(List list, String key) {
        lists.computeIfAbsent(list, l -> new HashMap<>()).merge(key, 1L, Long::sum);
    }

    boolean isEmpty() {
        return figures.isEmpty() && lists.isEmpty();
    }

    long figure(Figure figure) {
        return figures.getOrDefault(figure, 0L);
    }

    void mergeFrom(DailySummary other) {
        other.figures.forEach((figure, amount) -> figures.merge(figure, amount, Long::sum));
        other.lists.forEach((list, counts) -> counts.forEach((key, count) ->
                lists.computeIfAbsent(list, l -> new HashMap<>()).merge(key, count, Long::sum)));
    }

    /** {@code stored} (a {@code dash_sum.summary}, possibly empty) with this day's gains added. */
    JsonObject addedTo(JsonObject stored) {
        JsonObjectBuilder merged = Json.createObjectBuilder(stored);
        for (Figure figure : Figure.values()) {
            JsonNumber current = stored.get(figure.field) instanceof JsonNumber number ? number : null;
            merged.add(figure.field, (current == null ? 0 : current.longValue()) + figure(figure));
        }
        for (List list : List.values()) {
            merged.add(list.field, Breakdown.merge(stored.get(list.field), lists.getOrDefault(list, Map.of())));
        }
        return merged.build();
    }
}
