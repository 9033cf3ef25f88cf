package dev.skopos.jakarta.internal.visitors;

import dev.skopos.jakarta.internal.budget.Admission;
import dev.skopos.jakarta.internal.budget.MemoryBudget;
import dev.skopos.jakarta.internal.geo.Location;
import dev.skopos.jakarta.internal.intake.UserAgentInfo;
import dev.skopos.jakarta.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live sessions are bounded by the memory budget, not by their number: none ends before its timeout while the
 * budget has room; when it has none, the least recently active ones end early to make room, counted and logged
 * once, and none ends for a new session that would not fit anyway.
 */
class SessionRegistryTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final Instant NOW = Instant.parse("2026-03-10T09:00:00Z");
    private static final long EVENT_BYTES = 500;

    private final List<LiveSession> ended = new ArrayList<>();

    private static String visitor(int number) {
        return String.format(Locale.ROOT, "visitor-%06d", number);
    }

    private static SessionStart start(String visitorId) {
        return new SessionStart("website-id-0001", visitorId, new UserAgentInfo("Chrome", "Windows", "desktop", 0),
                Optional.empty(), Optional.empty(), Optional.of("en"), "/", "", Optional.empty(),
                new SessionLocation(() -> Location.UNKNOWN));
    }

    private static LiveSession sessionFor(SessionRegistry sessions, String visitorId, Instant at) {
        return sessions.sessionFor(visitorId, "/", at, EVENT_BYTES, Admission.IF_ROOM, () -> start(visitorId));
    }

    /** What one session takes of the budget: every visitor id here has the same length. */
    private static long oneSession() {
        return new LiveSession(start(visitor(0)), NOW).footprint();
    }

    private SessionRegistry registry(MemoryBudget memory) {
        return new SessionRegistry(TIMEOUT, memory, ended::add, Optional.empty());
    }

    @Test
    void aSessionOutlivesAHundredThousandNewerOnesWhileTheBudgetHasRoom() {
        SessionRegistry sessions = registry(new MemoryBudget(1024L * 1024 * 1024));
        LiveSession first = sessionFor(sessions, visitor(0), NOW);

        for (int i = 1; i <= 100_000; i++) {
            sessionFor(sessions, visitor(i), NOW.plusMillis(i));
        }

        assertThat(ended).isEmpty();
        assertThat(sessions.endedEarly()).isZero();
        assertThat(sessionFor(sessions, visitor(0), NOW.plus(Duration.ofMinutes(10)))).isSameAs(first);
    }

    @Test
    void aFullBudgetEndsTheLeastRecentlyActiveSessionsEarlyCountedAndLoggedOnce() {
        SessionRegistry sessions = registry(new MemoryBudget(3 * oneSession() + EVENT_BYTES));
        LiveSession first = sessionFor(sessions, visitor(1), NOW);
        LiveSession second = sessionFor(sessions, visitor(2), NOW.plusSeconds(1));
        LiveSession third = sessionFor(sessions, visitor(3), NOW.plusSeconds(2));
        sessionFor(sessions, visitor(1), NOW.plusSeconds(3));

        try (LogCapture log = LogCapture.of(SessionRegistry.class)) {
            assertThat(sessionFor(sessions, visitor(4), NOW.plusSeconds(4))).isNotNull();
            assertThat(sessionFor(sessions, visitor(5), NOW.plusSeconds(5))).isNotNull();

            assertThat(ended).containsExactly(second, third);
            assertThat(sessions.endedEarly()).isEqualTo(2);
            assertThat(log.messages(Level.WARNING)).hasSize(1);
        }
        assertThat(sessionFor(sessions, visitor(1), NOW.plusSeconds(6))).as("the most recently active lives on")
                .isSameAs(first);
    }

    @Test
    void noSessionEndsForANewOneThatWouldNotFitAnyway() {
        MemoryBudget memory = new MemoryBudget(3 * oneSession());
        SessionRegistry sessions = registry(memory);
        sessionFor(sessions, visitor(1), NOW);
        // queued records fill the rest: ending the one session would free too little for a session and its event
        memory.take(2 * oneSession());

        assertThat(sessionFor(sessions, visitor(2), NOW.plusSeconds(1))).isNull();
        assertThat(ended).isEmpty();
        assertThat(sessions.endedEarly()).isZero();
    }
}
