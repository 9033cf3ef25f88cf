package dev.skopos.jakarta.summary;

import dev.skopos.jakarta.pocketbase.Filter;
import dev.skopos.jakarta.pocketbase.PocketBaseClient;
import dev.skopos.jakarta.pocketbase.PocketBaseDates;
import dev.skopos.jakarta.pocketbase.PocketBaseException;
import dev.skopos.jakarta.summary.DailySummary.Figure;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The daily dashboard summaries ({@code dash_sum}) of dashboards up to 0.37: gains are counted in memory per
 * UTC day as the pipeline writes records, and {@link #write()} adds them to the day's {@code dash_sum} record,
 * creating it on first need. A day whose write fails keeps its gains for the next write. Counting is
 * thread-safe; writing is for the pipeline's single writer.
 */
public final class DailySummaries {
    static final String DASH_SUM = "dash_sum";

    private final PocketBaseClient pocketBase;
    private final Supplier<String> websiteId;
    private final SummaryBuffer buffer = new SummaryBuffer();

    /** Summaries of the website whose record id {@code websiteId} gives once it is loaded. */
    public DailySummaries(PocketBaseClient pocketBase, Supplier<String> websiteId) {
        this.pocketBase = pocketBase;
        this.websiteId = websiteId;
    }

    static LocalDate dayOf(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }

    /**
     * A session now counts: one more visitor, new or returning, and its entry page, referrer host, device,
     * browser, language, country and state.
     */
    public void sessionCounted(Instant startedAt, SessionFacts facts) {
        buffer.update(dayOf(startedAt), day -> {
            day.add(Figure.VISITORS, 1);
            day.add(facts.newVisitor() ? Figure.NEW_VISITORS : Figure.RETURNING_VISITORS, 1);
            day.count(DailySummary.List.ENTRY_PAGES, facts.entryPath());
            day.count(DailySummary.List.TOP_REFERRERS, referrerHost(facts.referrer()));
            day.count(DailySummary.List.DEVICES, facts.device());
            day.count(DailySummary.List.BROWSERS, facts.browser());
            day.count(DailySummary.List.LANGUAGES, facts.language().orElse("Unknown"));
            day.count(DailySummary.List.COUNTRIES, facts.country());
            // the dashboard keys states by country too ("US|California"): state names repeat across countries
            day.count(DailySummary.List.STATES, facts.country() + '|' + facts.state());
        });
    }

    public void pageView(Instant at, String path) {
        buffer.update(dayOf(at), day -> {
            day.add(Figure.PAGE_VIEWS, 1);
            day.count(DailySummary.List.TOP_PAGES, path);
        });
    }

    public void customEvent(Instant at, String name) {
        buffer.update(dayOf(at), day -> day.count(DailySummary.List.CUSTOM_EVENTS, name));
    }

    public void jsError(Instant at, String message) {
        buffer.update(dayOf(at), day -> {
            day.add(Figure.JS_ERRORS, 1);
            day.count(DailySummary.List.JS_ERRORS, message);
        });
    }

    public void sessionEngaged(Instant startedAt) {
        buffer.update(dayOf(startedAt), day -> day.add(Figure.ENGAGED_SESSIONS, 1));
    }

    public void sessionExited(Instant startedAt, String exitPath) {
        buffer.update(dayOf(startedAt), day -> day.count(DailySummary.List.EXIT_PAGES, exitPath));
    }

    public boolean isEmpty() {
        return buffer.isEmpty();
    }

    /**
     * Adds every day's gains to its {@code dash_sum} record; returns how many days were written.
     *
     * @throws PocketBaseException when PocketBase fails; the unwritten days are kept
     */
    public int write() {
        int written = 0;
        Iterator<Map.Entry<LocalDate, DailySummary>> days = buffer.takeAll().entrySet().iterator();
        while (days.hasNext()) {
            Map.Entry<LocalDate, DailySummary> day = days.next();
            try {
                if (!day.getValue().isEmpty()) {
                    writeDay(day.getKey(), day.getValue());
                    written++;
                }
            } catch (PocketBaseException e) {
                buffer.putBack(day.getKey(), day.getValue());
                days.forEachRemaining(rest -> buffer.putBack(rest.getKey(), rest.getValue()));
                throw e;
            }
        }
        return written;
    }

    private void writeDay(LocalDate day, DailySummary gains) {
        String date = PocketBaseDates.format(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        String website = websiteId.get();
        Filter sameDay = Filter.eq("website", website).and(Filter.eq("date", date));
        Optional<JsonObject> stored = pocketBase.findFirst(DASH_SUM, sameDay);
        if (stored.isEmpty()) {
            try {
                pocketBase.create(DASH_SUM, Json.createObjectBuilder().add("website", website).add("date", date)
                        .add("summary", gains.addedTo(JsonObject.EMPTY_JSON_OBJECT)).add("isFinalized", false)
                        .build());
                return;
            } catch (PocketBaseException e) {
                if (!e.isNotUniqueOnAnyField()) {
                    throw e;
                }
                // another instance created the day first: add to its record instead
                stored = Optional.of(pocketBase.findFirst(DASH_SUM, sameDay).orElseThrow(() -> e));
            }
        }
        JsonObject record = stored.get();
        JsonObject summary = record.get("summary") instanceof JsonObject object ? object
                : JsonObject.EMPTY_JSON_OBJECT;
        pocketBase.update(DASH_SUM, record.getString("id"),
                Json.createObjectBuilder().add("summary", gains.addedTo(summary)).build());
    }

    /** The referrer's host without {@code www.}, or {@code Direct} when there is none. */
    static String referrerHost(String referrer) {
        try {
            String host = referrer.isBlank() ? null : new URI(referrer.trim()).getHost();
            if (host == null || host.isBlank()) {
                return "Direct";
            }
            host = host.toLowerCase(Locale.ROOT);
            return host.startsWith("www.") ? host.substring(4) : host;
        } catch (URISyntaxException e) {
            return "Direct";
        }
    }
}
