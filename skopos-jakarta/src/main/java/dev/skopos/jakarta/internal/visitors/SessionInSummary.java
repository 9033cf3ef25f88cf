package dev.skopos.jakarta.internal.visitors;

import java.time.Duration;
import java.time.Instant;

/**
 * How far the daily summary has taken one session into account, by the reference SDK's rules: a session counts
 * (as a visitor) with the event that makes it count; with {@code discardShortSessions} that is only once it
 * proves real (a second event, or one at least a second after it started), and until then its first event
 * waits here; a second event, or one that signals engagement on its own, makes it engaged.
 *
 * @param eventsWritten the session's events written so far
 * @param counted       whether the session counted in the summary
 * @param engaged       whether it counted as engaged
 * @param deferred      the first event, waiting for the session to prove real; null if none waits
 */
public record SessionInSummary(int eventsWritten, boolean counted, boolean engaged, CountedEvent deferred) {
    public static final SessionInSummary NONE = new SessionInSummary(0, false, false, null);
    private static final Duration PROOF_DELAY = Duration.ofSeconds(1);

    /** A inSummary before and after one change. */
    public record Transition(SessionInSummary before, SessionInSummary after) {
    }

    /**
     * How far the summary counted the session once {@code event} of the session started at {@code startedAt} is
     * written.
     *
     * @param proofNeeded       whether a session must prove real before it counts
     * @param signalsEngagement whether the event engages the session on its own
     */
    public SessionInSummary afterEvent(CountedEvent event, boolean proofNeeded, Instant startedAt,
                                   boolean signalsEngagement) {
        int written = eventsWritten + 1;
        boolean proven = !proofNeeded || written >= 2 || !event.at().isBefore(startedAt.plus(PROOF_DELAY));
        if (!counted && !proven) {
            return new SessionInSummary(written, false, engaged, event);
        }
        return new SessionInSummary(written, true, engaged || written >= 2 || signalsEngagement, null);
    }
}
