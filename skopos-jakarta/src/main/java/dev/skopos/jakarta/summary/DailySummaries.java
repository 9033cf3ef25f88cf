package dev.skopos.jakarta.summary;

import dev.skopos.jakarta.pocketbase.Filter;
import dev.skopos.jakarta.store.IdempotentCreates;
import dev.skopos.jakarta.pocketbase.PocketBaseClient;
import dev.skopos.jakarta.pocketbase.PocketBaseDates;
import dev.skopos.jakarta.pocketbase.PocketBaseException;
import dev.skopos.jakarta.store.RecordIds;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The daily dashboard summaries ({@code dash_sum}, one record per website and UTC day) of dashboards up to
 * 0.37: gains are counted in memory per UTC day as the pipeline writes records, and {@link #write()} adds them
 * to the day's record, creating it on first need. A day whose write fails keeps its gains for the next write.
 * Counting is thread-safe; writing is for the pipeline's single writer.
 */
public final class DailySummaries {
    private static final Logger LOG = Logger.getLogger(DailySummaries.class.getName());
    static final String DASH_SUM = "dash_sum";
    /**
     * The most JSON a day's {@code summary} may hold. PocketBase refuses a JSON field value over its size limit,
     * which is 1 MiB by default in current versions (5 MiB in 0.23.0; the dashboard's schema leaves the default);
     * this stays under it with room for the figures the dashboard's nightly job adds.
     */
    static final int MAX_SUMMARY_BYTES = 1_000_000;

    private final PocketBaseClient pocketBase;
    private final Supplier<String> websiteId;
    private final SummaryBuffer buffer;
    private final IdempotentCreates creates;
    private final Map<LocalDate, UnconfirmedDay> unconfirmed = new ConcurrentSkipListMap<>();
    private volatile boolean collectionMissing;

    /**
     * Summaries of the website whose record id {@code websiteId} gives once it is loaded; every change of the
     * memory the gains hold is reported to {@code memoryUse}, in bytes.
     */
    public DailySummaries(PocketBaseClient pocketBase, Supplier<String> websiteId, LongConsumer memoryUse) {
        this.pocketBase = pocketBase;
        this.websiteId = websiteId;
        this.buffer = new SummaryBuffer(memoryUse);
        this.creates = new IdempotentCreates(pocketBase);
    }

    /**
     * Looks once whether PocketBase has a {@code dash_sum} collection. Dashboards from 0.38 on compute every
     * figure from the raw records and have none; then summaries are switched off for good.
     *
     * @throws PocketBaseException when PocketBase cannot tell
     */
    public void checkCollection(String websiteId) {
        findDay(Filter.eq("website", websiteId));
    }

    static LocalDate dayOf(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }

    /**
     * A session now counts: one more visitor, new or returning, and its entry page, referrer host, device,
     * browser, language, country and state.
     */
    public void sessionCounted(Instant at, SessionFacts facts) {
        update(dayOf(at), day -> {
            day.add(Figure.VISITORS, 1);
            day.add(facts.newVisitor() ? Figure.NEW_VISITORS : Figure.RETURNING_VISITORS, 1);
            day.count(DailySummary.List.ENTRY_PAGES, facts.entryPath());
            day.count(DailySummary.List.TOP_REFERRERS, referrerHost(facts.referrer()));
            day.count(DailySummary.List.DEVICES, facts.device());
            day.count(DailySummary.List.BROWSERS, facts.browser());
            day.count(DailySummary.List.LANGUAGES, facts.language());
            day.count(DailySummary.List.COUNTRIES, facts.country());
            // the dashboard keys states by country too ("US|California"): state names repeat across countries
            day.count(DailySummary.List.STATES, facts.country() + '|' + facts.state());
        });
    }

    public void pageView(Instant at, String path) {
        update(dayOf(at), day -> {
            day.add(Figure.PAGE_VIEWS, 1);
            day.count(DailySummary.List.TOP_PAGES, path);
        });
    }

    public void customEvent(Instant at, String name) {
        update(dayOf(at), day -> day.count(DailySummary.List.CUSTOM_EVENTS, name));
    }

    public void jsError(Instant at, String message) {
        update(dayOf(at), day -> {
            day.add(Figure.JS_ERRORS, 1);
            day.count(DailySummary.List.JS_ERRORS, message);
        });
    }

    public void sessionEngaged(Instant at) {
        update(dayOf(at), day -> day.add(Figure.ENGAGED_SESSIONS, 1));
    }

    public void sessionExited(Instant lastEventAt, String exitPath) {
        update(dayOf(lastEventAt), day -> day.count(DailySummary.List.EXIT_PAGES, exitPath));
    }

    private void update(LocalDate day, Consumer<DailySummary> change) {
        if (!collectionMissing) {
            buffer.update(day, change);
        }
    }

    /** Whether summaries are written: false once PocketBase turned out to have no {@code dash_sum}. */
    public boolean enabled() {
        return !collectionMissing;
    }

    public boolean isEmpty() {
        return buffer.isEmpty() && unconfirmed.isEmpty();
    }

    /**
     * Adds every day's gains to its {@code dash_sum} record; returns how many days were written.
     *
     * @throws PocketBaseException when PocketBase fails; what was not written is kept
     */
    public int write() {
        if (collectionMissing) {
            return 0;
        }
        Map<LocalDate, DailySummary> gains = buffer.takeAll();
        Set<LocalDate> days = new TreeSet<>(gains.keySet());
        days.addAll(unconfirmed.keySet());
        int written = 0;
        for (Iterator<LocalDate> pending = days.iterator(); pending.hasNext() && !collectionMissing; ) {
            LocalDate day = pending.next();
            DailySummary dayGains = gains.getOrDefault(day, new DailySummary());
            if (dayGains.isEmpty() && !unconfirmed.containsKey(day)) {
                continue;
            }
            try {
                if (writeDay(day, dayGains)) {
                    written++;
                }
            } catch (PocketBaseException e) {
                // this day's gains are in its unconfirmed summary now; the days not reached keep theirs
                pending.forEachRemaining(rest -> {
                    if (gains.containsKey(rest)) {
                        buffer.putBack(rest, gains.get(rest));
                    }
                });
                throw e;
            }
        }
        return written;
    }

    /**
     * A day's summary as last written but not confirmed: PocketBase failed, or its answer was lost after it may
     * have saved the write. The next write sends it again, with later gains added, instead of adding the same
     * gains to what PocketBase now holds a second time.
     *
     * @param recordId the day record's id
     * @param summary  the whole {@code summary} value written
     */
    private record UnconfirmedDay(String recordId, JsonObject summary) {
    }

    /** Adds a day's gains to its record; false when the collection turned out to be missing. */
    private boolean writeDay(LocalDate day, DailySummary gains) {
        String date = PocketBaseDates.format(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        String website = websiteId.get();
        UnconfirmedDay retry = unconfirmed.remove(day);
        if (retry != null) {
            save(day, website, date, new UnconfirmedDay(retry.recordId(), gains.addedTo(retry.summary(),
                    MAX_SUMMARY_BYTES)));
            return true;
        }
        Optional<JsonObject> stored = findDay(Filter.eq("website", website).and(Filter.eq("date", date)));
        if (collectionMissing) {
            return false;
        }
        if (stored.isPresent()) {
            JsonObject record = stored.get();
            save(day, website, date, new UnconfirmedDay(record.getString("id"), gains.addedTo(summaryOf(record),
                    MAX_SUMMARY_BYTES)));
            return true;
        }
        String ourId = RecordIds.derived(DASH_SUM, website, date);
        UnconfirmedDay created = new UnconfirmedDay(ourId, gains.addedTo(JsonObject.EMPTY_JSON_OBJECT,
                MAX_SUMMARY_BYTES));
        unconfirmed.put(day, created);
        if (creates.create(DASH_SUM, ourId, dayRecord(website, date, created.summary()))) {
            unconfirmed.remove(day);
            return true;
        }
        // another instance created the day first: add the gains to what it wrote
        unconfirmed.remove(day);
        save(day, website, date, new UnconfirmedDay(ourId, gains.addedTo(summaryOf(pocketBase.get(DASH_SUM, ourId)),
                MAX_SUMMARY_BYTES)));
        return true;
    }

    /** Writes a day's whole summary; until PocketBase confirms it, the day stays unconfirmed. */
    private void save(LocalDate day, String website, String date, UnconfirmedDay target) {
        unconfirmed.put(day, target);
        try {
            pocketBase.update(DASH_SUM, target.recordId(),
                    Json.createObjectBuilder().add("summary", target.summary()).build());
        } catch (PocketBaseException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            // deleted meanwhile, or an unconfirmed create that never arrived
            creates.create(DASH_SUM, target.recordId(), dayRecord(website, date, target.summary()));
        }
        unconfirmed.remove(day);
    }

    private static JsonObject dayRecord(String website, String date, JsonObject summary) {
        return Json.createObjectBuilder().add("website", website).add("date", date).add("summary", summary)
                .add("isFinalized", false).build();
    }

    private static JsonObject summaryOf(JsonObject record) {
        return record.get("summary") instanceof JsonObject summary ? summary : JsonObject.EMPTY_JSON_OBJECT;
    }

    /** The first day record matching {@code filter}; a 404 here means the collection itself is missing. */
    private Optional<JsonObject> findDay(Filter filter) {
        try {
            return pocketBase.findFirst(DASH_SUM, filter);
        } catch (PocketBaseException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            switchOff();
            return Optional.empty();
        }
    }

    private synchronized void switchOff() {
        if (!collectionMissing) {
            collectionMissing = true;
            buffer.clear();
            unconfirmed.clear();
            LOG.info("Skopos found no dash_sum collection in PocketBase (Skopos dashboards from 0.38 on compute "
                    + "their figures from the raw records); daily summaries are off");
        }
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
