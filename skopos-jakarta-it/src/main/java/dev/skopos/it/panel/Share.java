package dev.skopos.it.panel;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;

import java.util.List;

/** One line of a breakdown: a key, how often it occurred and its whole-number percentage of the total. */
public record Share(String key, int count, int percentage) {

    /** A whole-number percentage as the dashboard rounds it, halves up; none of nothing. */
    static int percentage(int part, int total) {
        return total == 0 ? 0 : (int) Math.round((double) part / total * 100);
    }

    static JsonArray toJson(List<Share> shares) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        shares.forEach(share -> array.add(Json.createObjectBuilder().add("key", share.key())
                .add("count", share.count()).add("percentage", share.percentage())));
        return array.build();
    }
}
