package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.budget.MemoryBudget;
import dev.skopos.jakarta.internal.visitors.Footprint;
import dev.skopos.jakarta.internal.website.WebsiteSettings;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The events the tracking calls accepted before the website's settings were first loaded, in order: each
 * charged to the memory budget when it came, handed on once the website is known, or given up if the tracker
 * stops first (with the durable spool on, they stay in it for the next start). Bounded by the budget alone.
 */
final class WaitingForWebsite {
    /** What a waiting call keeps besides its request's strings: itself, the request and its header map. */
    private static final long CALL = 320;

    /** What {@link #keep} did with an event. */
    enum Outcome {
        /** The event waits for the website; it counts as accepted. */
        KEPT,
        /** The budget has no room for it. */
        NO_ROOM,
        /** It could not be kept after all: the durable spool had no room for it. */
        REFUSED,
        /** The website is known: the caller goes on with the event itself. */
        WEBSITE_KNOWN
    }

    /** An event and what to do with it once the website is known. */
    private record Waiting(Consumer<WebsiteSettings> handOn, long bytes, long arrivedAt) {
    }

    private final MemoryBudget memory;
    /** Guarded by this; null once handed on. */
    private Deque<Waiting> waiting = new ArrayDeque<>();
    private volatile boolean handedOn;

    WaitingForWebsite(MemoryBudget memory) {
        this.memory = memory;
    }

    /** Estimated heap bytes of what a waiting call keeps of its request. */
    static long footprint(RequestInfo request) {
        long headers = request.headers().entrySet().stream()
                .mapToLong(header -> Footprint.of(header.getKey()) + Footprint.of(header.getValue())).sum();
        return CALL + headers + Footprint.of(request.clientIp()) + Footprint.of(request.userAgent())
                + Footprint.of(request.path()) + Footprint.of(request.referrer()) + Footprint.of(request.origin());
    }

    /**
     * Keeps an event of {@code size} bytes (asked for only then) unless the website is known or the budget is
     * full. Once the budget took it, {@code handOn} says what to do with it when the website is known, or nothing
     * if it cannot be kept after all; it is asked under the lock that {@link #handOn} takes, so that what it
     * spools is there before the website can be.
     */
    Outcome keep(LongSupplier size, Supplier<Optional<Consumer<WebsiteSettings>>> handOn) {
        if (handedOn) {
            return Outcome.WEBSITE_KNOWN;
        }
        synchronized (this) {
            if (waiting == null) {
                return Outcome.WEBSITE_KNOWN;
            }
            long bytes = size.getAsLong();
            if (!memory.tryTake(bytes)) {
                return Outcome.NO_ROOM;
            }
            Optional<Consumer<WebsiteSettings>> action = handOn.get();
            if (action.isEmpty()) {
                memory.give(bytes);
                return Outcome.REFUSED;
            }
            waiting.addLast(new Waiting(action.get(), bytes, System.nanoTime()));
            return Outcome.KEPT;
        }
    }

    /**
     * Keeps an event accepted before, as the durable spool replays it at start, whatever the budget holds; false
     * if the website is known already, and the caller goes on with it.
     */
    synchronized boolean keepAccepted(long bytes, Consumer<WebsiteSettings> handOn) {
        if (waiting == null) {
            return false;
        }
        memory.take(bytes);
        waiting.addLast(new Waiting(handOn, bytes, System.nanoTime()));
        return true;
    }

    /** Hands every waiting event on, in order, now that the website is {@code site}; later ones go straight on. */
    synchronized void handOn(WebsiteSettings site) {
        if (waiting == null) {
            return;
        }
        for (Waiting event = waiting.pollFirst(); event != null; event = waiting.pollFirst()) {
            memory.give(event.bytes());
            event.handOn().accept(site);
        }
        waiting = null;
        handedOn = true;
    }

    /** Gives up every waiting event, as shutdown does when the website was never loaded; returns how many. */
    synchronized long giveUp() {
        if (waiting == null) {
            return 0;
        }
        long given = waiting.size();
        waiting.forEach(event -> memory.give(event.bytes()));
        waiting.clear();
        return given;
    }

    /** Events waiting now. */
    synchronized int events() {
        return waiting == null ? 0 : waiting.size();
    }

    /** How long the oldest waiting event has waited, if one does. */
    synchronized Optional<Duration> longestWait() {
        Waiting oldest = waiting == null ? null : waiting.peekFirst();
        return Optional.ofNullable(oldest).map(event -> Duration.ofNanos(System.nanoTime() - event.arrivedAt()));
    }
}
