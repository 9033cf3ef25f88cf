package dev.skopos.jakarta.internal.summary;

import dev.skopos.jakarta.internal.pocketbase.JsonFieldSize;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * What one UTC day gained since the last flush: the figures and breakdowns the dashboard reads from
 * {@code dash_sum.summary}. Not thread-safe; {@link SummaryBuffer} guards it.
 */
public final class DailySummary {

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
    enum BreakdownList {
        TOP_PAGES("topPages"), ENTRY_PAGES("entryPages"), EXIT_PAGES("exitPages"), TOP_REFERRERS("topReferrers"),
        DEVICES("deviceBreakdown"), BROWSERS("browserBreakdown"), LANGUAGES("languageBreakdown"),
        COUNTRIES("countryBreakdown"), STATES("stateBreakdown"), CUSTOM_EVENTS("topCustomEvents"),
        JS_ERRORS("topJsErrors");

        final String field;

        BreakdownList(String field) {
            this.field = field;
        }
    }

    /** Estimated heap bytes of an empty day: its maps and the figures. */
    private static final long EMPTY_BYTES = 512;
    /** Estimated heap bytes of one breakdown entry besides its key's characters: node, key and count objects. */
    private static final long ENTRY_BYTES = 112;

    private final Map<Figure, Long> figures = new EnumMap<>(Figure.class);
    private final Map<BreakdownList, Map<String, Long>> lists = new EnumMap<>(BreakdownList.class);
    private long bytes = EMPTY_BYTES;

    /** The figures and breakdowns of {@code summary}, a {@code dash_sum.summary} value, as gains to add elsewhere. */
    public static DailySummary of(JsonObject summary) {
        DailySummary gains = new DailySummary();
        for (Figure figure : Figure.values()) {
            if (summary.get(figure.field) instanceof JsonNumber amount && amount.longValue() != 0) {
                gains.add(figure, amount.longValue());
            }
        }
        for (BreakdownList list : BreakdownList.values()) {
            Breakdown.merged(summary.get(list.field), Map.of())
                    .forEach((key, count) -> gains.countAll(list, key, count));
        }
        return gains;
    }

    void add(Figure figure, long amount) {
        figures.merge(figure, amount, Long::sum);
    }

    /** Counts {@code key} once; an empty key (no language sent, browser not recognised) is not a key. */
    void count(BreakdownList list, String key) {
        if (key.isEmpty()) {
            return;
        }
        countAll(list, key, 1L);
    }

    private void countAll(BreakdownList list, String key, long count) {
        if (lists.computeIfAbsent(list, l -> new HashMap<>()).merge(key, count, Long::sum) == count) {
            bytes += ENTRY_BYTES + 2L * key.length();
        }
    }

    /** Estimated heap bytes held, for the memory budget. */
    long bytes() {
        return bytes;
    }

    public boolean isEmpty() {
        return figures.isEmpty() && lists.isEmpty();
    }

    long figure(Figure figure) {
        return figures.getOrDefault(figure, 0L);
    }

    void mergeFrom(DailySummary other) {
        other.figures.forEach((figure, amount) -> figures.merge(figure, amount, Long::sum));
        other.lists.forEach((list, counts) -> counts.forEach((key, count) -> countAll(list, key, count)));
    }

    /**
     * {@code stored} (a {@code dash_sum.summary}, possibly empty) with this day's gains added, for a day's
     * record: each breakdown keeps its {@value Breakdown#MAX_KEYS} heaviest keys, and the whole is at most
     * {@code maxBytes} of JSON as PocketBase counts them (see {@link Breakdown}).
     */
    public JsonObject addedTo(JsonObject stored, int maxBytes) {
        return addedTo(stored, maxBytes, Breakdown.MAX_KEYS);
    }

    /**
     * As {@link #addedTo(JsonObject, int)} but keeping every key that fits in {@code maxBytes}: for gains that
     * wait to be added to a record, whose keys are ranked only once their day's counts are known.
     */
    public JsonObject mergedWith(JsonObject pending, int maxBytes) {
        return addedTo(pending, maxBytes, Integer.MAX_VALUE);
    }

    private JsonObject addedTo(JsonObject stored, int maxBytes, int maxKeys) {
        JsonObjectBuilder merged = JSON.createObjectBuilder(stored);
        for (Figure figure : Figure.values()) {
            JsonNumber current = stored.get(figure.field) instanceof JsonNumber number ? number : null;
            merged.add(figure.field, (current == null ? 0 : current.longValue()) + figure(figure));
        }
        Map<BreakdownList, Map<String, Long>> breakdowns = new EnumMap<>(BreakdownList.class);
        for (BreakdownList list : BreakdownList.values()) {
            Map<String, Long> counts = Breakdown.merged(stored.get(list.field), lists.getOrDefault(list, Map.of()));
            Breakdown.keepHeaviest(counts, Breakdown.keys(stored.get(list.field)), maxKeys);
            breakdowns.put(list, counts);
        }
        JsonObject figures = merged.build();
        JsonObject summary = withBreakdowns(figures, breakdowns);
        // a fold can lengthen an Other count by a digit, so the size is checked again
        long excess = JsonFieldSize.of(summary) - maxBytes;
        while (excess > 0 && Breakdown.foldRarest(breakdowns.values(), excess)) {
            summary = withBreakdowns(figures, breakdowns);
            excess = JsonFieldSize.of(summary) - maxBytes;
        }
        return summary;
    }

    private static JsonObject withBreakdowns(JsonObject figures, Map<BreakdownList, Map<String, Long>> breakdowns) {
        JsonObjectBuilder summary = JSON.createObjectBuilder(figures);
        breakdowns.forEach((list, counts) -> summary.add(list.field, Breakdown.toJson(counts)));
        return summary.build();
    }
}
