package dev.skopos.jakarta.pipeline;

import dev.skopos.jakarta.pocketbase.Backoff;
import dev.skopos.jakarta.pocketbase.PocketBaseException;
import dev.skopos.jakarta.summary.DailySummaries;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The write-behind queue between accepted events and PocketBase. Writes happen in acceptance order, one
 * flush at a time, on the scheduler ({@link FlushScheduler}): at once for each event when batching is off,
 * otherwise every batch interval or when the queue reaches the batch size, in slices so that summaries and JS
 * errors keep their own pace under load. When PocketBase fails, the record stays at the head of the queue and
 * the flush is retried with backoff; nothing accepted is dropped unless the queue is full.
 */
final class Flusher implements FlushScheduler.Writer {
    private static final Logger LOG = Logger.getLogger(Flusher.class.getName());
    /** The most queued records one scheduled flush writes before it lets the other kinds of flush run. */
    private static final int SLICE = 500;
    /**
     * How soon, when batching, a session's record follows its events: the dashboard times sessions by the
     * record's own timestamps, so they must not wait for the batch interval as the events do.
     */
    private static final Duration SESSION_WRITE_DELAY = Duration.ofSeconds(1);

    private final Records records;
    private final JsErrorBuffer jsErrors;
    private final DailySummaries summaries;
    private final SessionSummaries sessionSummaries;
    private final FlushScheduler flushes;
    private final MemoryBudget memory;
    private final int batchSize;
    private final boolean batching;
    private final Deque<Queued> queue = new ArrayDeque<>();
    private final ReentrantLock flushLock = new ReentrantLock();
    private final Set<LiveSession> activeSessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong written = new AtomicLong();
    private String lastFailure;

    Flusher(Records records, JsErrorBuffer jsErrors, DailySummaries summaries, ScheduledExecutorService scheduler,
            MemoryBudget memory, int batchSize, boolean batching) {
        this.records = records;
        this.jsErrors = jsErrors;
        this.summaries = summaries;
        this.sessionSummaries = new SessionSummaries(summaries);
        this.flushes = new FlushScheduler(scheduler, flushLock, this);
        this.memory = memory;
        this.batchSize = batchSize;
        this.batching = batching;
    }

    /**
     * Queues a record; false when the memory budget has no room for it. The end of a session is always
     * queued: it carries no data of its own, and its exit page must count.
     */
    boolean enqueue(PendingWrite write) {
        Queued queued = new Queued(write, write.footprint());
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
        if (!batching || size >= batchSize) {
            requestFlush();
        }
        return true;
    }

    /**
     * A session recorded an event: its record is created, or its {@code updated} moved, with the next flush,
     * or within {@link #SESSION_WRITE_DELAY} when batching. Several events between two writes cost one update.
     */
    void sessionActive(LiveSession session) {
        activeSessions.add(session);
        if (batching) {
            flushes.request(FlushScheduler.Kind.SESSIONS, SESSION_WRITE_DELAY);
        }
    }

    int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** Schedules a flush of the queue unless one is already pending (a retry included). */
    void requestFlush() {
        flushes.request(FlushScheduler.Kind.QUEUE, Duration.ZERO);
    }

    /** Schedules a flush of the merged JS error reports alone; queued events keep their own schedule. */
    void requestErrorFlush() {
        flushes.request(FlushScheduler.Kind.JS_ERRORS, Duration.ZERO);
    }

    /** Schedules adding the summary gains to the day records. */
    void requestSummaryFlush() {
        flushes.request(FlushScheduler.Kind.SUMMARIES, Duration.ZERO);
    }

    /** A queued record and the memory it was charged. */
    private record Queued(PendingWrite write, long bytes) {
    }

    @Override
    public boolean write(FlushScheduler.Kind kind) {
        switch (kind) {
            case QUEUE -> {
                return writeQueue(SLICE);
            }
            case SESSIONS -> writeSessions();
            case JS_ERRORS -> writeJsErrors();
            case SUMMARIES -> summaries.write();
        }
        return false;
    }

    @Override
    public void succeeded() {
        recovered();
    }

    /**
     * Writes everything waiting, retrying while PocketBase fails, until done or {@code timeout} has passed.
     * Blocks the caller; meant for {@code flush()} and shutdown.
     */
    FlushResult flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long before = written.get();
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        while (true) {
            flushLock.lock();
            try {
                writeQueue(Integer.MAX_VALUE);
                writeJsErrors();
                summaries.write();
                recovered();
                return new FlushResult(written.get() - before, 0);
            } catch (PocketBaseException e) {
                failed(e);
            } finally {
                flushLock.unlock();
                flushes.runHandedOver();
            }
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                return new FlushResult(written.get() - before,
                        queued() + jsErrors.size() + (summaries.isEmpty() ? 0 : 1));
            }
            pause(min(backoff.next(), left));
        }
    }

    /** Writes up to {@code limit} queued records in order, then the sessions they moved; true if more wait. */
    private boolean writeQueue(int limit) {
        for (int taken = 0; taken < limit; taken++) {
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
            memory.give(next.bytes());
        }
        writeSessions();
        return queued() > 0;
    }

    /** Creates or updates the record of every session that recorded events since it was last written. */
    private void writeSessions() {
        for (Iterator<LiveSession> pending = activeSessions.iterator(); pending.hasNext(); ) {
            LiveSession session = pending.next();
            // removed before the write: an event recorded meanwhile adds it again for the next write
            pending.remove();
            try {
                records.ensureSession(session);
                records.updateSession(session);
            } catch (PocketBaseException e) {
                if (e.isTransient()) {
                    activeSessions.add(session);
                    throw e;
                }
                LOG.severe("Skopos could not write a session PocketBase refused: " + e.getMessage());
            }
        }
    }

    /** Writes one record; a record PocketBase refuses for good is logged and skipped so it cannot block the rest. */
    private void writeOrSkip(PendingWrite write) {
        try {
            if (write instanceof PendingWrite.Event event) {
                writeEvent(event);
            } else if (write instanceof PendingWrite.Identify identify) {
                records.identify(identify.websiteId(), identify.visitorId(), identify.fields());
                written.incrementAndGet();
            } else if (write instanceof PendingWrite.SessionEnd end) {
                sessionSummaries.sessionEnded(end.session());
            }
        } catch (PocketBaseException e) {
            if (e.isTransient()) {
                throw e;
            }
            LOG.severe("Skopos dropped a record PocketBase refused: " + e.getMessage());
        }
    }

    private void writeEvent(PendingWrite.Event event) {
        if (event.event().type() == EventType.JS_ERROR) {
            // the report itself waits, merged, in the JS error buffer; its session counts now
            records.ensureSession(event.session());
        } else {
            records.writeEvent(event);
            written.incrementAndGet();
        }
        sessionSummaries.eventWritten(event);
    }

    private void writeJsErrors() {
        List<PendingJsError> taken = jsErrors.takeAll();
        for (int i = 0; i < taken.size(); i++) {
            try {
                records.addJsErrors(taken.get(i));
                written.incrementAndGet();
            } catch (PocketBaseException e) {
                if (e.isTransient()) {
                    jsErrors.putBack(taken.subList(i, taken.size()));
                    throw e;
                }
                LOG.severe("Skopos dropped JS error reports PocketBase refused: " + e.getMessage());
            }
        }
    }

    @Override
    public void failed(PocketBaseException e) {
        if (!e.getMessage().equals(lastFailure)) {
            lastFailure = e.getMessage();
            LOG.warning("Skopos could not write to PocketBase (" + e.getMessage() + "); " + queued()
                    + " records are kept and retried");
        }
    }

    private void recovered() {
        if (lastFailure != null) {
            lastFailure = null;
            LOG.info("Skopos writes to PocketBase again; " + queued() + " records still queued");
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
