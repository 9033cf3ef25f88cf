package dev.skopos.jakarta.internal.summary;

import dev.skopos.jakarta.internal.summary.DailySummary.Figure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The daily dashboard summaries ({@code dash_sum}, one record per website and UTC day) of dashboards up to
 * 0.37. Their gains (what a day's figures grew by since its record was last written: counts to add, never
 * totals) are counted in memory per UTC day as the writer writes records, until the store takes them to add to
 * the day's record. Thread-safe.
 */
public final class DailySummaries {
    private static final Logger LOG = Logger.getLogger(DailySummaries.class.getName());

    private final SummaryBuffer buffer;
    private volatile boolean collectionMissing;
    private volatile Taking taking = Supplier::get;

    /** How the gains are taken: the durable spool takes, at the same moment, the entries they came from. */
    public interface Taking {
        Map<LocalDate, DailySummary> take(Supplier<Map<LocalDate, DailySummary>> takeAll);
    }

    /** Summaries whose every change of the memory the gains hold is reported to {@code memoryUse}, in bytes. */
    public DailySummaries(LongConsumer memoryUse) {
        this.buffer = new SummaryBuffer(memoryUse);
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
            day.count(DailySummary.BreakdownList.ENTRY_PAGES, facts.entryPath());
            day.count(DailySummary.BreakdownList.TOP_REFERRERS, referrerHost(facts.referrer()));
            day.count(DailySummary.BreakdownList.DEVICES, facts.device());
            day.count(DailySummary.BreakdownList.BROWSERS, facts.browser());
            day.count(DailySummary.BreakdownList.LANGUAGES, facts.language());
            day.count(DailySummary.BreakdownList.COUNTRIES, facts.country());
            // the dashboard keys states by country too ("US|California"): state names repeat across countries
            day.count(DailySummary.BreakdownList.STATES, facts.country() + '|' + facts.state());
        });
    }

    public void pageView(Instant at, String path) {
        update(dayOf(at), day -> {
            day.add(Figure.PAGE_VIEWS, 1);
            day.count(DailySummary.BreakdownList.TOP_PAGES, path);
        });
    }

    public void customEvent(Instant at, String name) {
        update(dayOf(at), day -> day.count(DailySummary.BreakdownList.CUSTOM_EVENTS, name));
    }

    public void jsError(Instant at, String message) {
        update(dayOf(at), day -> {
            day.add(Figure.JS_ERRORS, 1);
            day.count(DailySummary.BreakdownList.JS_ERRORS, message);
        });
    }

    public void sessionEngaged(Instant at) {
        update(dayOf(at), day -> day.add(Figure.ENGAGED_SESSIONS, 1));
    }

    public void sessionExited(Instant lastEventAt, String exitPath) {
        update(dayOf(lastEventAt), day -> day.count(DailySummary.BreakdownList.EXIT_PAGES, exitPath));
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

    /** Whether no gains wait to be taken. */
    public boolean isEmpty() {
        return buffer.isEmpty();
    }

    /** Takes every day's gains for writing; gains that cannot be written go back with {@link #putBack}. */
    public Map<LocalDate, DailySummary> takeAll() {
        return taking.take(buffer::takeAll);
    }

    /** Takes the gains through {@code taking} from now on. */
    public void takeThrough(Taking taking) {
        this.taking = taking;
    }

    /** Gives back a day's gains that could not be written, merged with any that arrived since. */
    public void putBack(LocalDate day, DailySummary unwritten) {
        buffer.putBack(day, unwritten);
    }

    /**
     * Stops counting for good: PocketBase has no {@code dash_sum} collection (Skopos dashboards from 0.38 on
     * compute their figures from the raw records). Says so once.
     */
    public synchronized void switchOff() {
        if (!collectionMissing) {
            collectionMissing = true;
            buffer.clear();
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
