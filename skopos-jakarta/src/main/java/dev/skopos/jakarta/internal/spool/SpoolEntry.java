package dev.skopos.jakarta.internal.spool;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.geo.Location;
import dev.skopos.jakarta.internal.intake.TrackedEvent;
import dev.skopos.jakarta.internal.store.DayWrite;
import dev.skopos.jakarta.internal.store.JsErrorBase;
import dev.skopos.jakarta.internal.visitors.SessionStart;
import dev.skopos.jakarta.internal.visitors.SessionInSummary;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What the spool's journal holds: what was accepted (an event, an identify call, the end of a session), which of
 * those PocketBase has confirmed, and the state of each open session as of what it confirmed.
 */
public sealed interface SpoolEntry {
    /** What {@code early} holds in an entry that takes the place of no {@link Early} one. */
    long NOT_EARLY = -1;

    /**
     * A session as its events carry it: everything needed to start it again with the same record id.
     *
     * @param location where it was located, once known; else looked up again from {@code clientIp}
     */
    record SessionOrigin(String recordId, SessionStart start, Instant startedAt, Optional<String> clientIp,
                         Optional<Location> location) {
    }

    /**
     * An accepted event, with the ids and times it was accepted under.
     *
     * @param early the {@link Early} entry it takes the place of, if it was accepted before the website's settings
     *              were loaded; {@link #NOT_EARLY} otherwise
     */
    record Event(SessionOrigin session, TrackedEvent event, Instant at, String recordId,
                 boolean discardShortSessions, long early) implements SpoolEntry {
    }

    /**
     * Account fields for a visitor.
     *
     * @param early the {@link EarlyIdentify} entry it takes the place of, or {@link #NOT_EARLY}
     */
    record Identify(String websiteId, String visitorId, JsonObject fields, long early) implements SpoolEntry {
    }

    /**
     * An event accepted before the website's settings were first loaded (PocketBase out of reach since the start),
     * as the call gave it: it is processed once they are, and its {@link Event} then takes this entry's place.
     *
     * @param fromBrowser whether it came from the browser script, whose events are checked against the domain
     */
    record Early(RequestInfo request, TrackedEvent event, Instant at, boolean fromBrowser) implements SpoolEntry {
    }

    /** Account fields accepted before the website's settings were first loaded; see {@link Early}. */
    record EarlyIdentify(String visitorId, JsonObject fields) implements SpoolEntry {
    }

    /** A session ended: its exit page counts. */
    record SessionEnd(String sessionId, String visitorId) implements SpoolEntry {
    }

    /**
     * PocketBase confirmed {@code part} of these entries; with them, the state the sessions they touched are in
     * now, and the sessions that are over. One entry, so that a crash keeps both or neither.
     *
     * @param part      {@link Parts#RECORD} or {@link Parts#REPORT}
     * @param dayWrites the daily summary writes about to be sent that take in these entries' gains: the entries
     *                  count through them until PocketBase saved them ({@link DaySettled})
     */
    record Confirmed(long[] seqs, int part, List<SessionState> sessions, List<String> endedSessions,
                     List<DayWrite> dayWrites) implements SpoolEntry {
    }

    /** PocketBase saved the day's last summary write, or it was given up: it is not sent again. */
    record DaySettled(LocalDate day) implements SpoolEntry {
    }

    /**
     * A write of these JS error entries' reports is about to be sent, setting their error's record to
     * {@code base} plus the reports: if it lands and they are not confirmed, they are added to {@code base} again.
     */
    record ReportsSending(long[] seqs, JsErrorBase base) implements SpoolEntry {
    }

    /**
     * An open session as of the entries PocketBase confirmed: what replaying the entries after them starts from.
     *
     * @param eventsRecorded the events recorded on it
     * @param stored         whether its record exists in PocketBase
     */
    record SessionState(SessionOrigin session, Instant lastSeen, String exitPath, long eventsRecorded,
                        boolean stored, boolean newVisitor, SessionInSummary inSummary) {
    }

    /** The parts of an accepted entry PocketBase confirms separately. */
    final class Parts {
        /** Its records, and the daily summary gains they brought. */
        public static final int RECORD = 1;
        /** A JS error report, merged into its error's record. */
        public static final int REPORT = 2;

        private Parts() {
        }
    }
}
