package dev.skopos.jakarta.internal.visitors;

import dev.skopos.jakarta.internal.cluster.EntryChange;
import dev.skopos.jakarta.internal.cluster.SharedMap;
import dev.skopos.jakarta.internal.cluster.SharedStateException;
import dev.skopos.jakarta.internal.cluster.SharedStateHealth;
import dev.skopos.jakarta.internal.pocketbase.RecordIds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The visitors' live sessions in a {@link SharedMap}, one entry per visitor, each changed by an atomic replace
 * of the entry it was computed from: so two instances receiving the same visitor's events at the same moment
 * go on with one session, and each of its summary counts happens on one instance only.
 */
public final class SharedVisits {
    private final SharedMap map;
    private final String keyPrefix;
    private final Duration timeout;
    private final Clock clock;
    private final SharedStateHealth health;
    private final SharedEventRelay relay;

    /**
     * Entries named {@code keyPrefix} and the visitor id; a session ends after {@code timeout} without events.
     * Callers report to {@code health} how the engine answers. Events recorded behind the requests are sent on
     * {@code behind}.
     */
    public SharedVisits(SharedMap map, String keyPrefix, Duration timeout, Clock clock, SharedStateHealth health,
                        Executor behind) {
        this.map = map;
        this.keyPrefix = keyPrefix;
        this.timeout = timeout;
        this.clock = clock;
        this.health = health;
        this.relay = new SharedEventRelay(this, behind);
    }

    /**
     * Records an event of the visitor on {@code path} at {@code at}: it goes on with the visitor's session if one
     * is live, else starts one from {@code start} under a new record id. A session that ended without its end
     * counted yet stays in the entry as the previous one.
     */
    SharedVisit recordEvent(String visitorId, String path, Instant at, SessionStart start) {
        return change(visitorId, current -> {
            if (current.isPresent() && !isOver(current.get(), at)) {
                SharedVisit continued = current.get().withEvent(path, at);
                return EntryChange.to(continued.toJson(), continued);
            }
            SharedVisit started = SharedVisit.started(RecordIds.random(), start, at)
                    .withPrevious(current.map(ended -> ended.withPrevious(null)).orElse(null));
            return EntryChange.to(started.toJson(), started);
        });
    }

    /**
     * Records, soon and without waiting, an event of a session this instance holds live: since the others
     * cannot have ended it, no answer is needed. Every later read of the visitor's entry here sees the event.
     */
    void recordEventBehind(String visitorId, String sessionId, String path, Instant at) {
        relay.record(visitorId, sessionId, path, at);
    }

    /** Records now the events {@link #recordEventBehind} holds. */
    void sendWaitingEvents() {
        relay.sendWaiting();
    }

    /** Records now the visitor's event {@link #recordEventBehind} holds, if any. */
    void sendWaitingEventOf(String visitorId) {
        relay.send(visitorId);
    }

    /**
     * Records an event of the visitor's session {@code sessionId} while the entry holds that session; once it
     * holds another, or none, the event changes nothing.
     */
    void recordEventOf(String visitorId, String sessionId, String path, Instant at) {
        change(visitorId, current -> {
            Optional<SharedVisit> visit = current.filter(found -> found.id().equals(sessionId));
            SharedVisit recorded = visit.map(found -> found.withEvent(path, at)).orElse(null);
            return recorded == null || recorded == visit.get() ? EntryChange.<Void>none(null)
                    : EntryChange.<Void>to(recorded.toJson(), null);
        });
    }

    /** The visitor's session {@code sessionId} as shared now, if it still is. */
    Optional<SharedVisit> find(String visitorId, String sessionId) {
        relay.send(visitorId);
        return SharedStateException.guarding(map, () -> map.get(keyPrefix + visitorId).map(SharedVisit::parse))
                .flatMap(visit -> visit.id().equals(sessionId) ? Optional.of(visit)
                        : Optional.ofNullable(visit.previous()).filter(ended -> ended.id().equals(sessionId)));
    }

    /**
     * Changes how far the summary counted the visitor's session {@code sessionId}; returns it before and after, or
     * empty when the session is no longer shared (its end was counted).
     */
    public Optional<SessionInSummary.Transition> changeInSummary(String visitorId, String sessionId,
                                                         UnaryOperator<SessionInSummary> change) {
        return change(visitorId, current -> {
            if (current.isEmpty()) {
                return EntryChange.none(Optional.<SessionInSummary.Transition>empty());
            }
            SharedVisit visit = current.get();
            if (visit.id().equals(sessionId)) {
                SessionInSummary after = change.apply(visit.inSummary());
                return EntryChange.to(visit.withInSummary(after).toJson(),
                        Optional.of(new SessionInSummary.Transition(visit.inSummary(), after)));
            }
            SharedVisit previous = visit.previous();
            if (previous != null && previous.id().equals(sessionId)) {
                SessionInSummary after = change.apply(previous.inSummary());
                return EntryChange.to(visit.withPrevious(previous.withInSummary(after)).toJson(),
                        Optional.of(new SessionInSummary.Transition(previous.inSummary(), after)));
            }
            return EntryChange.none(Optional.<SessionInSummary.Transition>empty());
        });
    }

    /**
     * Settles whether the visitor of session {@code sessionId} is new: the first instance to look the visitor
     * up tells ({@code createsRecord}: it found no record and is about to create one), before it creates it, so
     * that an instance finding that record later learns it was new. Returns the settled answer.
     */
    boolean settleNewVisitor(String visitorId, String sessionId, boolean createsRecord) {
        return change(visitorId, current -> {
            Optional<SharedVisit> visit = current.filter(found -> found.id().equals(sessionId));
            if (visit.isEmpty()) {
                return EntryChange.none(createsRecord);
            }
            if (visit.get().newVisitor() != null) {
                return EntryChange.none(visit.get().newVisitor());
            }
            return EntryChange.to(visit.get().withNewVisitor(createsRecord).toJson(), createsRecord);
        });
    }

    /**
     * Takes on counting the end of the visitor's session {@code sessionId}, if it is over (no event on any
     * instance for the timeout) and no instance took it on before: returns it as it ended, with any earlier
     * session of the visitor whose end was not counted either; empty while it lives on, or once taken.
     */
    public List<SharedVisit> claimEnd(String visitorId, String sessionId) {
        relay.send(visitorId);
        Instant now = clock.instant();
        return change(visitorId, current -> {
            if (current.isEmpty()) {
                return EntryChange.none(List.of());
            }
            SharedVisit visit = current.get();
            if (visit.id().equals(sessionId)) {
                if (!isOver(visit, now)) {
                    return EntryChange.none(List.of());
                }
                List<SharedVisit> ended = new ArrayList<>(List.of(visit.withPrevious(null)));
                Optional.ofNullable(visit.previous()).ifPresent(ended::add);
                return EntryChange.removed(ended);
            }
            SharedVisit previous = visit.previous();
            if (previous != null && previous.id().equals(sessionId)) {
                return EntryChange.to(visit.withPrevious(null).toJson(), List.of(previous));
            }
            return EntryChange.none(List.of());
        });
    }

    /** The answer of {@code call} to these entries; {@code alone}'s, without them, when the engine fails it. */
    <T> T orAlone(Supplier<T> call, Supplier<T> alone) {
        return health.call(map, call, alone);
    }

    /** As {@link #orAlone}, for a request: while the engine fails, {@code alone}'s answer without trying it. */
    <T> T orAloneAtOnce(Supplier<T> call, Supplier<T> alone) {
        return health.callUnlessFailing(map, call, alone);
    }

    private boolean isOver(SharedVisit visit, Instant at) {
        return Duration.between(visit.lastSeen(), at).compareTo(timeout) > 0;
    }

    private <T> T change(String visitorId, Function<Optional<SharedVisit>, EntryChange<T>> step) {
        return map.change(keyPrefix + visitorId, before -> step.apply(before.map(SharedVisit::parse)));
    }
}
