package dev.skopos.it.panel;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Today's breakdowns as the Skopos dashboard (0.38 and later) lists them, from the records of {@link DayRecords}.
 * <ul>
 *     <li>Per session of the day, whether or not it has events today: referrer, device, browser, language,
 *     country and {@code country|state}, each {@code Unknown} where empty (the referrer {@code Direct}, else the
 *     host of its URL without a leading {@code www.}, or the text itself where it is no URL).</li>
 *     <li>Per session with events today: its entry page, the path of its first event (of any type, the
 *     {@code exit} event included), else its {@code entryPath}; its exit page likewise from its last event.</li>
 *     <li>Per event of the day's sessions: its path for a page view, its name for a custom event other than
 *     {@code exit}.</li>
 *     <li>JS errors: the records first written today, by message, each with all the reports it has counted.</li>
 * </ul>
 * Top pages are shares of all page views, JS errors of all reports, every other list (custom events too) of the
 * day's sessions. Lists stop at {@value #LIST_LENGTH} lines, except countries. Operating systems are counted like
 * browsers, although dashboard 0.54 shows no such list (only its sessions page shows each session's).
 */
public record TodayReports(List<Share> topPages, List<Share> entryPages, List<Share> exitPages,
                           List<Share> referrers, List<Share> browsers, List<Share> operatingSystems,
                           List<Share> devices, List<Share> languages, List<Share> countries, List<Share> states,
                           List<Share> customEvents, List<Share> jsErrors) {
    static final int LIST_LENGTH = 10;
    private static final String UNKNOWN = "Unknown";
    private static final String DIRECT = "Direct";

    static TodayReports of(DayRecords day) {
        Tally pages = new Tally();
        Tally entries = new Tally();
        Tally exits = new Tally();
        Tally referrers = new Tally();
        Tally browsers = new Tally();
        Tally systems = new Tally();
        Tally devices = new Tally();
        Tally languages = new Tally();
        Tally countries = new Tally();
        Tally states = new Tally();
        Tally customEvents = new Tally();
        for (JsonObject session : day.sessions()) {
            List<JsonObject> events = day.eventsOf(session);
            if (!events.isEmpty()) {
                countPath(entries, events.get(0), session, "entryPath");
                countPath(exits, events.get(events.size() - 1), session, "exitPath");
            }
            for (JsonObject event : events) {
                String name = DayRecords.text(event, "eventName");
                String path = DayRecords.text(event, "path");
                if (DayRecords.isPageView(event) && !path.isEmpty()) {
                    pages.add(path);
                } else if (isCustom(event) && !name.isEmpty() && !TodayFigures.EXIT_EVENT.equals(name)) {
                    customEvents.add(name);
                }
            }
            referrers.add(referrerKey(DayRecords.text(session, "referrer")));
            browsers.add(orUnknown(session, "browser"));
            systems.add(orUnknown(session, "os"));
            devices.add(orUnknown(session, "device"));
            languages.add(orUnknown(session, "language"));
            countries.add(orUnknown(session, "country"));
            states.add(orUnknown(session, "country") + "|" + orUnknown(session, "state"));
        }
        Tally errors = new Tally();
        int reports = 0;
        for (JsonObject error : day.jsErrors()) {
            int count = reportsOf(error);
            reports += count;
            String message = DayRecords.text(error, "errorMessage");
            if (!message.isEmpty()) {
                errors.add(message, count);
            }
        }
        int sessions = day.sessions().size();
        return new TodayReports(pages.shares(day.pageViews(), LIST_LENGTH), entries.shares(sessions, LIST_LENGTH),
                exits.shares(sessions, LIST_LENGTH), referrers.shares(sessions, LIST_LENGTH),
                browsers.shares(sessions, LIST_LENGTH), systems.shares(sessions, LIST_LENGTH),
                devices.shares(sessions, LIST_LENGTH), languages.shares(sessions, LIST_LENGTH),
                countries.shares(sessions), states.shares(sessions, LIST_LENGTH),
                customEvents.shares(sessions, LIST_LENGTH), errors.shares(reports, LIST_LENGTH));
    }

    /** The reports a JS error record has counted; a record without a count is one report. */
    static int reportsOf(JsonObject error) {
        return error.get("count") instanceof JsonNumber count && count.intValue() != 0 ? count.intValue() : 1;
    }

    /** Counts the event's path, else the session's field of that page, where either is non-empty. */
    private static void countPath(Tally tally, JsonObject event, JsonObject session, String sessionField) {
        String path = DayRecords.text(event, "path");
        String page = path.isEmpty() ? DayRecords.text(session, sessionField) : path;
        if (!page.isEmpty()) {
            tally.add(page);
        }
    }

    private static boolean isCustom(JsonObject event) {
        return "custom".equals(DayRecords.text(event, "type"));
    }

    private static String orUnknown(JsonObject session, String field) {
        String value = DayRecords.text(session, field);
        return value.isEmpty() ? UNKNOWN : value;
    }

    /**
     * How the dashboard names a referrer: {@code Direct} for none; for a URL its host in lower case without a
     * leading {@code www.} ({@code Direct} if it has none); anything that is not an absolute URL as it is.
     */
    static String referrerKey(String referrer) {
        if (referrer.isEmpty()) {
            return DIRECT;
        }
        try {
            URI uri = new URI(referrer);
            if (uri.getScheme() == null) {
                return referrer;
            }
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            host = host.startsWith("www.") ? host.substring("www.".length()) : host;
            return host.isEmpty() ? DIRECT : host;
        } catch (URISyntaxException e) {
            return referrer;
        }
    }

    /** Adds each list to {@code json} under the name the panel reads it by. */
    void addTo(JsonObjectBuilder json) {
        json.add("topPages", Share.toJson(topPages))
                .add("entryPages", Share.toJson(entryPages))
                .add("exitPages", Share.toJson(exitPages))
                .add("referrers", Share.toJson(referrers))
                .add("browsers", Share.toJson(browsers))
                .add("operatingSystems", Share.toJson(operatingSystems))
                .add("devices", Share.toJson(devices))
                .add("languages", Share.toJson(languages))
                .add("countries", Share.toJson(countries))
                .add("states", Share.toJson(states))
                .add("customEvents", Share.toJson(customEvents))
                .add("jsErrorMessages", Share.toJson(jsErrors));
    }
}
