package dev.skopos.jakarta.internal.queue;

import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.FlushResult;
import dev.skopos.jakarta.internal.budget.Admission;
import dev.skopos.jakarta.internal.budget.MemoryBudget;
import dev.skopos.jakarta.internal.delivery.DeliveryCounts;
import dev.skopos.jakarta.internal.intake.EventType;
import dev.skopos.jakarta.internal.pocketbase.Backoff;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.store.JsErrorBase;
import dev.skopos.jakarta.internal.store.JsErrorWriter;
import dev.skopos.jakarta.internal.store.PendingJsError;
import dev.skopos.jakarta.internal.store.PendingWrite;
import dev.skopos.jakarta.internal.store.Records;
import dev.skopos.jakarta.internal.store.SummaryWriter;
import dev.skopos.jakarta.internal.summary.DailySummaries;
import dev.skopos.jakarta.internal.support.UnforeseenFailures;
import dev.skopos.jakarta.internal.visitors.LiveSession;
import dev.skopos.jakarta.internal.visitors.SessionStates;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The write-behind queue between accepted events and PocketBase. Records are written on the scheduler
 * ({@link FlushScheduler}), never on the thread that accepted them: at once when batching is off, otherwise
 * every batch interval, or as soon as a lane holds the batch size, in slices so that summaries and JS errors keep
 * their own pace under load. Visitors are spread over {@code lanes} {@link WriteLane}s that write side by side, each
 * keeping its visitors' records in the order they were accepted; JS error reports and summary gains are
 * written by a flush of their own. When PocketBase fails, the record stays at the head of its lane and the
 * flush is retried with backoff; nothing accepted is dropped unless the memory budget is full.
 *
 * <p>One rule for failed writes. Passing failures (PocketBase unreachable or slow, a 5xx or 429 answer, the
 * login refused) keep the record at the head of its queue and retry it. A collection PocketBase cannot take
 * records in at all (missing, or the account may not write it) is treated the same way, since only its owner
 * can fix it and nothing accepted should be lost meanwhile, but it is reported in health. A record whose own
 * data PocketBase refuses (a 400) is dropped, counted and logged, so that it cannot hold up the rest; so is one
 * whose write fails in a way nobody foresaw (an exception that is no answer of PocketBase's), which a retry would
 * meet again. JS error reports and summary gains are kept whatever their writer throws and written later: they are
 * counts that later reports and gains merge into, and they hold up no lane meanwhile.
 */
public final class Flusher implements FlushScheduler.Writer {
    private static final Logger LOG = Logger.getLogger(Flusher.class.getName());
    /**
     * The most queued records one scheduled flush of a lane writes, and the longest it writes them, before it
     * lets the other flushes run. The time matters when PocketBase is slow: records arriving about as fast as
     * they are written would otherwise keep one flush going, and summaries and JS errors waiting, for 500 writes.
     */
    static final int SLICE = 500;
    static final Duration SLICE_TIME = Duration.ofSeconds(1);
    /**
     * How soon, when batching, a session's record follows its events: the dashboard times sessions by the
     * record's own timestamps, so they must not wait for the batch interval as the events do.
     */
    private static final Duration SESSION_WRITE_DELAY = Duration.ofSeconds(1);

    private final JsErrorBuffer jsErrors;
    private final JsErrorWriter jsErrorWriter;
    private final SummaryWriter summaries;
    private final MemoryBudget memory;
    private final DeliveryCounts deliveryCounts;
    private final RefusalLog refusals = new RefusalLog(LOG);
    private final UnforeseenFailures unforeseen = new UnforeseenFailures(LOG);
    private final AtomicLong queuedEvents = new AtomicLong();
    private final WriteFailures failures;
    private final List<WriteLane> lanes;
    private final FlushScheduler flushes;
    private final int batchSize;
    private final boolean batching;
    private final Confirmations confirmations;

    /**
     * @param jsErrorWriter writes the merged JS error reports
     * @param sessions      what the writer keeps about each live session beyond its records
     * @param batchInterval how often the lanes are flushed when batching
     * @param confirmations hears what PocketBase confirmed, for the durable spool
     */
    public Flusher(Records records, JsErrorWriter jsErrorWriter, SummaryWriter summaries, DailySummaries gains,
                   SessionStates sessions, JsErrorBuffer jsErrors, ScheduledExecutorService scheduler,
                   MemoryBudget memory, DeliveryCounts deliveryCounts, int lanes,
                   int batchSize, boolean batching, Duration batchInterval, Confirmations confirmations) {
        this.confirmations = confirmations;
        this.jsErrors = jsErrors;
        this.jsErrorWriter = jsErrorWriter;
        this.summaries = summaries;
        this.memory = memory;
        this.deliveryCounts = deliveryCounts;
        this.batchSize = batchSize;
        this.batching = batching;
        this.failures = new WriteFailures(deliveryCounts, this::queuedEvents, unforeseen);
        RecordWriter writer = new RecordWriter(records, sessions, new SessionSummaries(gains, sessions), deliveryCounts,
                refusals, unforeseen, confirmations);
        Optional<Duration> sessionWriteDelay = sessionWriteDelay(batching, batchInterval);
        this.lanes = IntStream.range(0, lanes).mapToObj(lane -> new WriteLane(lane, writer, failures, memory,
                queuedEvents, scheduler, sessionWriteDelay)).toList();
        this.flushes = new FlushScheduler(scheduler, new ReentrantLock(), this);
    }

    /**
     * Queues a record; false when the memory budget has no room for it. The end of a session is always
     * queued: it carries no data of its own, and its exit page must count.
     */
    public boolean enqueue(PendingWrite write) {
        return enqueue(write, write instanceof PendingWrite.SessionEnd ? Admission.ACCEPTED : Admission.IF_ROOM);
    }

    /** Queues a record, taking its memory as {@code admission} says; false when it asks for room and finds none. */
    public boolean enqueue(PendingWrite write, Admission admission) {
        long bytes = write.footprint();
        if (!memory.take(bytes, admission)) {
            return false;
        }
        WriteLane lane = laneOf(write.visitorId());
        // counted by lane, and only what no flush has taken yet: a flush of every lane at a shared count, or again
        // while one writes, would send a few records each time, where PocketBase takes dozens in one request
        if (lane.add(write, bytes) >= batchSize || !batching) {
            lane.requestFlush();
        }
        return true;
    }

    private WriteLane laneOf(String visitorId) {
        return lanes.get(Math.floorMod(visitorId.hashCode(), lanes.size()));
    }

    /**
     * How soon a flush of its own writes a session that recorded an event: at once when not batching, within
     * {@link #SESSION_WRITE_DELAY} when batching, and none when the batch interval's flushes come as soon, since
     * a flush of its own would send the lane's session writes in a request apart from its records.
     */
    private static Optional<Duration> sessionWriteDelay(boolean batching, Duration batchInterval) {
        if (!batching) {
            return Optional.of(Duration.ZERO);
        }
        return batchInterval.compareTo(SESSION_WRITE_DELAY) <= 0 ? Optional.empty() : Optional.of(SESSION_WRITE_DELAY);
    }

    /**
     * A session recorded an event: its record is created, or its {@code updated} moved, by the next flush of its
     * lane, which comes within {@link #SESSION_WRITE_DELAY} when batching. Several events between two writes cost
     * one update. The session is marked active even when the event's own flush may write it: that flush can run
     * before the request thread has recorded the event on the session.
     */
    public void sessionActive(LiveSession session) {
        laneOf(session.start().visitorId()).sessionActive(session);
    }

    /** Records waiting in the lanes. */
    public int queued() {
        return lanes.stream().mapToInt(WriteLane::queued).sum();
    }

    /**
     * Gives up every event still queued, in the lanes and the JS error buffer, as shutdown does once its wait for
     * PocketBase ran out; returns how many.
     */
    public long discardQueued() {
        long events = lanes.stream().mapToLong(WriteLane::discardQueued).sum();
        return events + jsErrors.takeAll().stream().mapToLong(PendingJsError::count).sum();
    }

    /** Schedules a flush of every lane, each unless one is already pending (a retry included). */
    public void requestFlush() {
        lanes.forEach(WriteLane::requestFlush);
    }

    /** Schedules a flush of the merged JS error reports alone; queued events keep their own schedule. */
    public void requestErrorFlush() {
        flushes.request(FlushScheduler.Kind.JS_ERRORS, Duration.ZERO);
    }

    /** Schedules adding the summary gains to the day records. */
    public void requestSummaryFlush() {
        flushes.request(FlushScheduler.Kind.SUMMARIES, Duration.ZERO);
    }

    /** How long the oldest record queued has waited; zero when none waits. */
    public Duration oldestQueuedAge() {
        long oldest = Stream.concat(lanes.stream().map(WriteLane::oldestQueuedAt), Stream.of(jsErrors.oldestQueuedAt()))
                .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).min().orElse(Long.MAX_VALUE);
        return oldest == Long.MAX_VALUE ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - oldest);
    }

    /** Accepted events waiting: in the lanes, and merged in the JS error buffer. */
    public long queuedEvents() {
        return queuedEvents.get() + jsErrors.reports();
    }

    /**
     * The failure that keeps the writer from PocketBase for longer than a blip, if any: the login refused, or
     * a collection it cannot write.
     */
    public Optional<PocketBaseException> blockedBy() {
        return failures.blockedBy();
    }

    @Override
    public boolean write(FlushScheduler.Kind kind) {
        switch (kind) {
            case JS_ERRORS -> writeJsErrors();
            case SUMMARIES -> summaries.write();
            default -> throw new IllegalArgumentException("the lanes write " + kind);
        }
        return false;
    }

    @Override
    public void failed(FlushScheduler.Kind kind, RuntimeException e) {
        failures.failed(kind, e);
    }

    @Override
    public void succeeded(FlushScheduler.Kind kind) {
        failures.succeeded(kind);
    }

    /**
     * Writes everything waiting, retrying while PocketBase fails, until done or {@code timeout} has passed:
     * the lanes first, so that every session exists before the JS errors that point at it. Blocks the caller;
     * meant for {@code flush()} and shutdown.
     */
    public FlushResult flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long before = deliveryCounts.written();
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        while (true) {
            boolean allWritten = true;
            for (WriteLane lane : lanes) {
                allWritten &= lane.writeAll();
            }
            // each on its own, so that one failing kind does not hold back the other
            for (FlushScheduler.Kind kind : new FlushScheduler.Kind[] {FlushScheduler.Kind.JS_ERRORS,
                    FlushScheduler.Kind.SUMMARIES}) {
                allWritten &= flushes.runNow(kind);
            }
            if (allWritten) {
                return new FlushResult(deliveryCounts.written() - before, 0);
            }
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                return new FlushResult(deliveryCounts.written() - before, queuedEvents());
            }
            pause(min(backoff.next(), left));
        }
    }

    /**
     * Writes the merged JS error reports. A report whose session's record its lane has not written yet waits
     * for the next flush: the lane creates it, and two writers must not race to create one session. Whatever the
     * writer throws, the reports it did not settle wait for the next flush too.
     */
    private void writeJsErrors() {
        List<PendingJsError> ready = new ArrayList<>();
        for (PendingJsError error : jsErrors.takeAll()) {
            if (error.session().isStored()) {
                ready.add(error);
            } else {
                jsErrors.putBack(List.of(error));
            }
        }
        JsErrorOutcomes outcomes = new JsErrorOutcomes(ready);
        try {
            jsErrorWriter.write(ready, outcomes);
        } finally {
            outcomes.unwritten(List.copyOf(outcomes.unsettled));
            // what was put back waits for the next flush; the rest was written, or refused for good
            confirmations.reportsWritten(jsErrors.releaseTaken());
        }
    }

    /** What becomes of the JS error reports of one write, in the delivery counts, the buffer and the log. */
    private final class JsErrorOutcomes implements JsErrorWriter.Outcomes {
        /** The reports handed to the write that it has not told of yet. */
        private final Set<PendingJsError> unsettled = Collections.newSetFromMap(new IdentityHashMap<>());

        JsErrorOutcomes(List<PendingJsError> reports) {
            unsettled.addAll(reports);
        }

        @Override
        public void sending(PendingJsError error, JsErrorBase base) {
            confirmations.reportsSending(jsErrors.takenSeqs(error.hash()), base);
        }

        @Override
        public void written(PendingJsError error) {
            unsettled.remove(error);
            deliveryCounts.written(error.count());
        }

        @Override
        public void refused(List<PendingJsError> dropped, PocketBaseException e) {
            dropped.forEach(unsettled::remove);
            deliveryCounts.dropped(DropReason.REFUSED, dropped.stream().mapToLong(PendingJsError::count).sum());
            refusals.refused("JS error reports", e);
        }

        @Override
        public void unwritten(List<PendingJsError> errors) {
            errors.forEach(unsettled::remove);
            jsErrors.putBack(errors);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
