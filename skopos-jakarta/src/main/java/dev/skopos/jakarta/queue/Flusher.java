package dev.skopos.jakarta.queue;

import dev.skopos.jakarta.delivery.Delivery;
import dev.skopos.jakarta.delivery.DeliveryLedger;
import dev.skopos.jakarta.delivery.DropReason;
import dev.skopos.jakarta.intake.EventType;
import dev.skopos.jakarta.pocketbase.Backoff;
import dev.skopos.jakarta.pocketbase.PocketBaseException;
import dev.skopos.jakarta.store.Records;
import dev.skopos.jakarta.store.SummaryRecords;
import dev.skopos.jakarta.summary.DailySummaries;
import dev.skopos.jakarta.visitors.LiveSession;
import dev.skopos.jakarta.visitors.SessionStart;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The write-behind queue between accepted events and PocketBase. Writes happen in acceptance order, one
 * flush at a time, on the scheduler ({@link FlushScheduler}): at once for each event when batching is off,
 * otherwise every batch interval or when the queue reaches the batch size, in slices so that summaries and JS
 * errors keep their own pace under load. When PocketBase fails, the record stays at the head of the queue and
 * the flush is retried with backoff; nothing accepted is dropped unless the queue is full.
 *
 * <p>One rule for failed writes. Passing failures (PocketBase unreachable or slow, a 5xx or 429 answer, the
 * login refused) keep the record at the head of its queue and retry it. A collection PocketBase cannot take
 * records in at all (missing, or the account may not write it) is treated the same way, since only its owner
 * can fix it and nothing accepted should be lost meanwhile, but it is reported in health. A record whose own
 * data PocketBase refuses (a 400) is dropped, counted and logged, so that it cannot hold up the rest.
 */
public final class Flusher implements FlushScheduler.Writer {
    private static final Logger LOG = Logger.getLogger(Flusher.class.getName());
    /**
     * The most queued records one scheduled flush writes, and the longest it writes them, before it lets the
     * other kinds of flush run. The time matters when PocketBase is slow: records arriving about as fast as they
     * are written would otherwise keep one flush going, and summaries and JS errors waiting, for 500 writes.
     */
    private static final int SLICE = 500;
    private static final Duration SLICE_TIME = Duration.ofSeconds(1);
    private static final Duration NO_TIME_LIMIT = Duration.ofNanos(Long.MAX_VALUE);
    /**
     * How soon, when batching, a session's record follows its events: the dashboard times sessions by the
     * record's own timestamps, so they must not wait for the batch interval as the events do.
     */
    private static final Duration SESSION_WRITE_DELAY = Duration.ofSeconds(1);

    private final Records records;
    private final JsErrorBuffer jsErrors;
    private final SummaryRecords summaries;
    private final SessionSummaries sessionSummaries;
    private final FlushScheduler flushes;
    private final MemoryBudget memory;
    private final DeliveryLedger ledger;
    private final RefusalLog refusals = new RefusalLog(LOG);
    private final int batchSize;
    private final boolean batching;
    private final Deque<Queued> queue = new ArrayDeque<>();
    private final ReentrantLock flushLock = new ReentrantLock();
    private final Set<LiveSession> activeSessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong queuedEvents = new AtomicLong();
    /** The last failure of each kind of write that has not succeeded since. */
    private final Map<FlushScheduler.Kind, PocketBaseException> failures = new EnumMap<>(FlushScheduler.Kind.class);

    public Flusher(Records records, SummaryRecords summaries, DailySummaries gains, JsErrorBuffer jsErrors,
                   ScheduledExecutorService scheduler, MemoryBudget memory, DeliveryLedger ledger, int batchSize,
                   boolean batching) {
        this.records = records;
        this.jsErrors = jsErrors;
        this.summaries = summaries;
        this.sessionSummaries = new SessionSummaries(gains);
        this.flushes = new FlushScheduler(scheduler, flushLock, this);
        this.memory = memory;
        this.ledger = ledger;
        this.batchSize = batchSize;
        this.batching = batching;
    }

    /**
     * Queues a record; false when the memory budget has no room for it. The end of a session is always
     * queued: it carries no data of its own, and its exit page must count.
     */
    public boolean enqueue(PendingWrite write) {
        Queued queued = new Queued(write, write.footprint(), System.nanoTime());
        if (write instanceof PendingWrite.SessionEnd) {
            memory.take(queued.bytes());
        } else if (!memory.tryTake(queued.bytes())) {
            return false;
        }
        int size;
        synchronized (queue) {
            queue.addLast(queued);
            size = queue.size();
        }
        queuedEvents.addAndGet(write.events());
        if (!batching || size >= batchSize) {
            requestFlush();
        }
        return true;
    }

    /**
     * A session recorded an event: its record is created, or its {@code updated} moved, with the next flush,
     * or within {@link #SESSION_WRITE_DELAY} when batching. Several events between two writes cost one update.
     */
    public void sessionActive(LiveSession session) {
        activeSessions.add(session);
        if (batching) {
            flushes.request(FlushScheduler.Kind.SESSIONS, SESSION_WRITE_DELAY);
        }
    }

    public int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** Schedules a flush of the queue unless one is already pending (a retry included). */
    public void requestFlush() {
        flushes.request(FlushScheduler.Kind.QUEUE, Duration.ZERO);
    }

    /** Schedules a flush of the merged JS error reports alone; queued events keep their own schedule. */
    public void requestErrorFlush() {
        flushes.request(FlushScheduler.Kind.JS_ERRORS, Duration.ZERO);
    }

    /** Schedules adding the summary gains to the day records. */
    public void requestSummaryFlush() {
        flushes.request(FlushScheduler.Kind.SUMMARIES, Duration.ZERO);
    }

    /** A queued record, the memory it was charged and when it was queued ({@link System#nanoTime()}). */
    private record Queued(PendingWrite write, long bytes, long queuedAt) {
    }

    /** The delivery counts, with the events queued now and the age of the oldest record waiting. */
    public Delivery delivery() {
        Queued head;
        synchronized (queue) {
            head = queue.peekFirst();
        }
        long oldest = head == null ? Long.MAX_VALUE : head.queuedAt();
        oldest = Math.min(oldest, jsErrors.oldestQueuedAt().orElse(Long.MAX_VALUE));
        Duration age = oldest == Long.MAX_VALUE ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - oldest);
        return ledger.snapshot(queuedEvents(), age);
    }

    /** Accepted events waiting: in the queue, and merged in the JS error buffer. */
    long queuedEvents() {
        return queuedEvents.get() + jsErrors.reports();
    }

    /**
     * The failure that keeps the writer from PocketBase for longer than a blip, if any: the login refused, or
     * a collection it cannot write.
     */
    public Optional<PocketBaseException> blockedBy() {
        synchronized (failures) {
            return failures.values().stream().filter(e -> e.isCredentialsRejected() || e.isCollectionUnavailable())
                    .findFirst();
        }
    }

    @Override
    public boolean write(FlushScheduler.Kind kind) {
        return write(kind, SLICE, SLICE_TIME);
    }

    /**
     * Writes what {@code kind} has waiting, at most {@code limit} queued records or for at most {@code most};
     * true if more wait.
     */
    private boolean write(FlushScheduler.Kind kind, int limit, Duration most) {
        switch (kind) {
            case QUEUE -> {
                return writeQueue(limit, most);
            }
            case SESSIONS -> writeSessions();
            case JS_ERRORS -> writeJsErrors();
            case SUMMARIES -> summaries.write();
        }
        return false;
    }

    /**
     * Writes everything waiting, retrying while PocketBase fails, until done or {@code timeout} has passed.
     * Blocks the caller; meant for {@code flush()} and shutdown.
     */
    public FlushResult flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long before = ledger.written();
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        while (true) {
            boolean allWritten = true;
            flushLock.lock();
            try {
                // each kind on its own, so that one failing kind does not hold back the others
                for (FlushScheduler.Kind kind : FlushScheduler.Kind.values()) {
                    try {
                        write(kind, Integer.MAX_VALUE, NO_TIME_LIMIT);
                        succeeded(kind);
                    } catch (PocketBaseException e) {
                        failed(kind, e);
                        allWritten = false;
                    }
                }
            } finally {
                flushLock.unlock();
                flushes.runHandedOver();
            }
            if (allWritten) {
                return new FlushResult(ledger.written() - before, 0);
            }
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                return new FlushResult(ledger.written() - before, queuedEvents());
            }
            pause(min(backoff.next(), left));
        }
    }

    /**
     * Writes queued records in order, up to {@code limit} of them and while less than {@code most} has passed,
     * then the sessions they moved; true if more wait.
     */
    private boolean writeQueue(int limit, Duration most) {
        long started = System.nanoTime();
        records.lookUpVisitors(sessionsToCreate(limit));
        for (int taken = 0; taken < limit && System.nanoTime() - started < most.toNanos(); taken++) {
            Queued next;
            synchronized (queue) {
                next = queue.peekFirst();
            }
            if (next == null) {
                break;
            }
            writeOrSkip(next.write());
            synchronized (queue) {
                queue.pollFirst();
            }
            queuedEvents.addAndGet(-next.write().events());
            memory.give(next.bytes());
        }
        writeSessions();
        return queued() > 0;
    }

    /** Creates or updates the record of every session that recorded events since it was last written. */
    private void writeSessions() {
        records.lookUpVisitors(activeSessions.stream().filter(session -> !session.isStored()).map(LiveSession::start)
                .toList());
        for (Iterator<LiveSession> pending = activeSessions.iterator(); pending.hasNext(); ) {
            LiveSession session = pending.next();
            // removed before the write: an event recorded meanwhile adds it again for the next write
            pending.remove();
            try {
                records.ensureSession(session);
                records.updateSession(session);
            } catch (PocketBaseException e) {
                if (e.keepsRecord()) {
                    activeSessions.add(session);
                    throw e;
                }
                refusals.refused("a session", e);
            }
        }
    }

    /** The starts of the sessions without a record among the first {@code limit} queued records. */
    private List<SessionStart> sessionsToCreate(int limit) {
        synchronized (queue) {
            return queue.stream().limit(limit).map(Queued::write)
                    .flatMap(write -> write instanceof PendingWrite.Event event ? Stream.of(event.session())
                            : Stream.empty())
                    .filter(session -> !session.isStored()).distinct().map(LiveSession::start).toList();
        }
    }

    /** Writes one record; a record PocketBase refuses for good is logged and skipped so it cannot block the rest. */
    private void writeOrSkip(PendingWrite write) {
        try {
            if (write instanceof PendingWrite.Event event) {
                writeEvent(event);
            } else if (write instanceof PendingWrite.Identify identify) {
                records.identify(identify.websiteId(), identify.visitorId(), identify.fields());
            } else if (write instanceof PendingWrite.SessionEnd end) {
                sessionSummaries.sessionEnded(end.session());
            }
            ledger.written(write.events());
        } catch (PocketBaseException e) {
            if (e.keepsRecord()) {
                throw e;
            }
            ledger.dropped(DropReason.REFUSED, write.events());
            refusals.refused("a record", e);
        }
    }

    private void writeEvent(PendingWrite.Event event) {
        if (event.event().type() == EventType.JS_ERROR) {
            // the report itself waits, merged, in the JS error buffer; its session counts now
            records.ensureSession(event.session());
        } else {
            records.writeEvent(event);
        }
        sessionSummaries.eventWritten(event);
    }

    private void writeJsErrors() {
        List<PendingJsError> taken = jsErrors.takeAll();
        for (int i = 0; i < taken.size(); i++) {
            try {
                records.addJsErrors(taken.get(i));
                ledger.written(taken.get(i).count());
            } catch (PocketBaseException e) {
                if (e.keepsRecord()) {
                    jsErrors.putBack(taken.subList(i, taken.size()));
                    throw e;
                }
                ledger.dropped(DropReason.REFUSED, taken.get(i).count());
                refusals.refused("JS error reports", e);
            }
        }
    }

    /** Counts the retry and says once per kind and failure what keeps the writer from PocketBase. */
    @Override
    public void failed(FlushScheduler.Kind kind, PocketBaseException e) {
        ledger.retried();
        PocketBaseException previous;
        synchronized (failures) {
            previous = failures.put(kind, e);
        }
        if (previous == null || !previous.getMessage().equals(e.getMessage())) {
            LOG.warning("Skopos could not write to PocketBase (" + e.getMessage() + "); " + queuedEvents()
                    + " events are kept and retried");
        }
    }

    @Override
    public void succeeded(FlushScheduler.Kind kind) {
        boolean recovered;
        synchronized (failures) {
            recovered = failures.remove(kind) != null && failures.isEmpty();
        }
        if (recovered) {
            LOG.info("Skopos writes to PocketBase again; " + queuedEvents() + " events still queued");
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
