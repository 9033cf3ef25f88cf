package dev.skopos.jakarta.internal.queue;

import dev.skopos.jakarta.internal.pocketbase.Backoff;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Runs the writer's flushes on the tracker's scheduler, one at a time, fairly, and without ever parking one
 * of its threads on the writer's lock:
 * <ul>
 *   <li>each kind of flush is pending at most once, however often it is requested;</li>
 *   <li>a flush that finds the writer busy is handed to the running one, which takes it before it lets go, so
 *       summaries and JS errors are written between two slices of a long queue;</li>
 *   <li>a kind that fails is retried alone, with backoff, and stays pending meanwhile: whatever it threw, since
 *       what it did not write is kept, and a flush left unscheduled would leave it waiting for good.</li>
 * </ul>
 * A blocking flush ({@code SkoposTracker.flush()}, shutdown) holds the same lock and calls
 * {@link #runDue()} once it lets go.
 */
public final class FlushScheduler {
    private static final Logger LOG = Logger.getLogger(FlushScheduler.class.getName());
    private static final Duration RETRY_MIN = Duration.ofMillis(500);
    private static final Duration RETRY_MAX = Duration.ofSeconds(5);

    /** The kinds of flush, in the order a busy writer takes them. */
    public enum Kind { QUEUE, SESSIONS, JS_ERRORS, SUMMARIES }

    /** What the writer does for each kind. */
    interface Writer {
        /**
         * Writes what {@code kind} has waiting, or a bounded slice of it.
         *
         * @return whether more of it is waiting
         * @throws PocketBaseException when PocketBase fails; what was not written is kept
         * @throws RuntimeException    when something else fails that nobody foresaw; what was not written is kept
         */
        boolean write(Kind kind);

        /** A write of {@code kind} failed: a {@link PocketBaseException}, or a failure nobody foresaw. */
        void failed(Kind kind, RuntimeException e);

        void succeeded(Kind kind);
    }

    private final ScheduledExecutorService scheduler;
    private final ReentrantLock writerLock;
    private final Writer writer;
    private final Map<Kind, AtomicBoolean> pending = new EnumMap<>(Kind.class);
    private final Map<Kind, Backoff> retries = new EnumMap<>(Kind.class);
    private final Set<Kind> due = EnumSet.noneOf(Kind.class);
    private final AtomicBoolean rejectionLogged = new AtomicBoolean();

    FlushScheduler(ScheduledExecutorService scheduler, ReentrantLock writerLock, Writer writer) {
        this.scheduler = scheduler;
        this.writerLock = writerLock;
        this.writer = writer;
        for (Kind kind : Kind.values()) {
            pending.put(kind, new AtomicBoolean());
            retries.put(kind, new Backoff(RETRY_MIN, RETRY_MAX));
        }
    }

    /** Runs a flush of {@code kind} after {@code delay}, unless one is already pending. */
    void request(Kind kind, Duration delay) {
        if (pending.get(kind).compareAndSet(false, true)) {
            schedule(kind, delay);
        }
    }

    /** Whether a flush of {@code kind} is pending. */
    boolean isPending(Kind kind) {
        return pending.get(kind).get();
    }

    private void schedule(Kind kind, Duration delay) {
        try {
            scheduler.schedule(() -> runWhenFree(kind), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the server is stopping its executor; what is queued waits for the drain
            pending.get(kind).set(false);
            if (rejectionLogged.compareAndSet(false, true)) {
                LOG.fine("Skopos could not schedule a flush: the server no longer runs its tasks");
            }
        }
    }

    private void runWhenFree(Kind kind) {
        synchronized (due) {
            due.add(kind);
        }
        runDue();
    }

    /**
     * Runs the due flushes if the writer is free; returns at once if it is not, since its holder then
     * runs it. Safe against a flush left waiting: a kind is added before the lock is tried, and the holder looks
     * again after letting go.
     */
    void runDue() {
        while (hasDue() && writerLock.tryLock()) {
            try {
                for (Kind kind : takeDue()) {
                    run(kind);
                }
            } finally {
                writerLock.unlock();
            }
        }
    }

    /**
     * Writes everything {@code kind} has waiting on the caller's thread, waiting for a running flush to finish
     * first; for the blocking flush. Returns whether it all went out.
     */
    boolean runNow(Kind kind) {
        writerLock.lock();
        try {
            while (writer.write(kind)) {
                // a slice at a time, until nothing of this kind waits
            }
            writer.succeeded(kind);
            return true;
        } catch (RuntimeException e) {
            // the caller tries again until its deadline, and then counts what is left
            writer.failed(kind, e);
            return false;
        } finally {
            writerLock.unlock();
            runDue();
        }
    }

    private void run(Kind kind) {
        pending.get(kind).set(false);
        try {
            boolean more = writer.write(kind);
            retries.get(kind).reset();
            writer.succeeded(kind);
            if (more) {
                request(kind, Duration.ZERO);
            }
        } catch (RuntimeException e) {
            writer.failed(kind, e);
            if (pending.get(kind).compareAndSet(false, true)) {
                schedule(kind, retries.get(kind).next());
            }
        }
    }

    private boolean hasDue() {
        synchronized (due) {
            return !due.isEmpty();
        }
    }

    private List<Kind> takeDue() {
        synchronized (due) {
            List<Kind> taken = new ArrayList<>(due);
            due.clear();
            return taken;
        }
    }
}
