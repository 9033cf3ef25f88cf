package dev.skopos.jakarta.internal.queue;

import dev.skopos.jakarta.internal.budget.MemoryBudget;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.store.PendingWrite;
import dev.skopos.jakarta.internal.store.StalePlanException;
import dev.skopos.jakarta.internal.store.WritePlan;
import dev.skopos.jakarta.internal.visitors.LiveSession;
import dev.skopos.jakarta.internal.visitors.SessionStart;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * One lane of the writer: the queued records of the visitors that hash to it, written in the order they were
 * accepted, and the records of their sessions. Lanes write side by side, each with a request of its own in
 * flight; every record of one visitor goes through the same lane, which keeps the order that matters: a
 * visitor's record before its sessions, a session's record before its events, its updates in order.
 * A lane's flushes run one at a time on the scheduler ({@link FlushScheduler}).
 */
final class WriteLane implements FlushScheduler.Writer {
    /** How often one flush plans again after finding records gone before it gives up until its retry. */
    private static final int MAX_PLANS = 3;

    private final int number;
    private final RecordWriter writer;
    private final WriteFailures failures;
    private final MemoryBudget memory;
    private final AtomicLong queuedEvents;
    private final Deque<Queued> queue = new ArrayDeque<>();
    /** How many of the queued records no flush has taken yet: the newest ones. Guarded by {@link #queue}. */
    private int untaken;
    private final Set<LiveSession> activeSessions = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final FlushScheduler flushes;
    private final Optional<Duration> sessionWriteDelay;

    /** A queued record, the memory it was charged and when it was queued ({@link System#nanoTime()}). */
    private record Queued(PendingWrite write, long bytes, long queuedAt) {
    }

    /** What a failure of this lane's flush of {@code kind} is recorded under. */
    private record Flush(int lane, FlushScheduler.Kind kind) {
    }

    /** @param sessionWriteDelay how soon a flush of its own writes an active session; none: the next flush */
    WriteLane(int number, RecordWriter writer, WriteFailures failures, MemoryBudget memory, AtomicLong queuedEvents,
              ScheduledExecutorService scheduler, Optional<Duration> sessionWriteDelay) {
        this.number = number;
        this.writer = writer;
        this.failures = failures;
        this.memory = memory;
        this.queuedEvents = queuedEvents;
        this.sessionWriteDelay = sessionWriteDelay;
        this.flushes = new FlushScheduler(scheduler, lock, this);
    }

    /**
     * Queues a record already charged {@code bytes} of the memory budget; returns how many queued records no flush
     * has taken yet, this one included.
     */
    int add(PendingWrite write, long bytes) {
        int notTaken;
        synchronized (queue) {
            queue.addLast(new Queued(write, bytes, System.nanoTime()));
            notTaken = ++untaken;
        }
        queuedEvents.addAndGet(write.events());
        return notTaken;
    }

    /**
     * The session is to be written by this lane's next flush: one of its own within the session write delay, or,
     * with none, the next that writes the queue.
     */
    void sessionActive(LiveSession session) {
        activeSessions.add(session);
        sessionWriteDelay.ifPresent(delay -> flushes.request(FlushScheduler.Kind.SESSIONS, delay));
    }

    void requestFlush() {
        flushes.request(FlushScheduler.Kind.QUEUE, Duration.ZERO);
    }

    int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /**
     * Gives up every record still queued here, once no write of this lane is under way, as shutdown does when
     * its wait ran out; returns the events they held.
     */
    long discardQueued() {
        lock.lock();
        try {
            long events = 0;
            synchronized (queue) {
                for (Queued queued : queue) {
                    events += queued.write().events();
                    memory.give(queued.bytes());
                }
                queue.clear();
                untaken = 0;
            }
            queuedEvents.addAndGet(-events);
            return events;
        } finally {
            lock.unlock();
        }
    }

    /** When the oldest record queued here was queued ({@link System#nanoTime()}); empty when none is. */
    OptionalLong oldestQueuedAt() {
        synchronized (queue) {
            Queued head = queue.peekFirst();
            return head == null ? OptionalLong.empty() : OptionalLong.of(head.queuedAt());
        }
    }

    @Override
    public boolean write(FlushScheduler.Kind kind) {
        return switch (kind) {
            case QUEUE -> writeQueue(Flusher.SLICE, Flusher.SLICE_TIME);
            case SESSIONS -> writeSessions();
            default -> throw new IllegalArgumentException("a lane writes no " + kind);
        };
    }

    /** Writes everything queued here and its sessions, on the caller's thread; whether all of it went out. */
    boolean writeAll() {
        boolean queueWritten = flushes.runNow(FlushScheduler.Kind.QUEUE);
        return flushes.runNow(FlushScheduler.Kind.SESSIONS) && queueWritten;
    }

    /**
     * Writes queued records in order, up to {@code limit} of them and while less than {@code most} has passed,
     * then the sessions they moved; true if it left records behind for those limits. Records queued while it
     * wrote wait for what flushes them anyway (the batch interval, the batch size, or their own request when
     * not batching): flushing them at once would make every flush under steady traffic a small one.
     */
    private boolean writeQueue(int limit, Duration most) {
        long started = System.nanoTime();
        AtomicBoolean cutShort = new AtomicBoolean();
        replanningWhenStale(() -> {
            // these records and sessions, and none that arrive meanwhile: their visitors are looked up together,
            // and what arrives waits for the next flush, not for a lookup of its own
            List<Queued> head = head(limit);
            List<LiveSession> sessions = List.copyOf(activeSessions);
            cutShort.set(head.size() == limit);
            WritePlan plan = writer.plan(startsToCreate(Stream.concat(sessionsOf(head), sessions.stream())));
            for (Queued next : head) {
                if (System.nanoTime() - started >= most.toNanos()) {
                    cutShort.set(true);
                    break;
                }
                writer.plan(next.write(), plan, () -> finished(next));
            }
            planSessions(sessions, plan);
        });
        return cutShort.get() && queued() > 0;
    }

    /**
     * Creates or updates the record of every session that recorded events since it was last written; true if one
     * needs another write once this one landed.
     */
    private boolean writeSessions() {
        AtomicBoolean again = new AtomicBoolean();
        replanningWhenStale(() -> {
            List<LiveSession> sessions = List.copyOf(activeSessions);
            again.set(planSessions(sessions, writer.plan(startsToCreate(sessions.stream()))));
        });
        return again.get();
    }

    /**
     * Runs {@code flush} again, from what is still queued, when a record it relied on turned out gone in
     * PocketBase; what it wrote before stays written.
     */
    private static void replanningWhenStale(Runnable flush) {
        for (int plans = 1; ; plans++) {
            try {
                flush.run();
                return;
            } catch (StalePlanException e) {
                if (plans == MAX_PLANS) {
                    throw (PocketBaseException) e.getCause();
                }
            }
        }
    }

    /** The first {@code limit} queued records, oldest first, taken by a flush. */
    private List<Queued> head(int limit) {
        synchronized (queue) {
            List<Queued> head = queue.stream().limit(limit).toList();
            untaken = queue.size() - head.size();
            return head;
        }
    }

    /** The head record was written, or set aside: it leaves the queue. */
    private void finished(Queued head) {
        synchronized (queue) {
            queue.pollFirst();
        }
        queuedEvents.addAndGet(-head.write().events());
        memory.give(head.bytes());
    }

    /**
     * Plans the records of {@code planned}, sessions that recorded events since they were last written and whose
     * visitors were looked up, and sends the plan; true if one needs another write once this one landed
     * ({@link RecordWriter#planSession}), for which it waits.
     */
    private boolean planSessions(List<LiveSession> planned, WritePlan plan) {
        Set<LiveSession> written = new HashSet<>();
        AtomicBoolean again = new AtomicBoolean();
        try {
            for (LiveSession session : planned) {
                // taken before the write: an event recorded meanwhile adds it again for the next write
                activeSessions.remove(session);
                writer.planSession(session, plan, () -> written.add(session), () -> {
                    again.set(true);
                    sessionActive(session);
                });
            }
            plan.send();
            return again.get();
        } finally {
            planned.stream().filter(session -> !written.contains(session)).forEach(activeSessions::add);
        }
    }

    /** The sessions of the events among {@code records}. */
    private static Stream<LiveSession> sessionsOf(List<Queued> records) {
        return records.stream().map(Queued::write)
                .flatMap(write -> write instanceof PendingWrite.Event event ? Stream.of(event.session())
                        : Stream.empty());
    }

    /** The starts of those of {@code sessions} without a record, whose visitors a flush is about to look up. */
    private static List<SessionStart> startsToCreate(Stream<LiveSession> sessions) {
        return sessions.filter(session -> !session.isStored()).distinct().map(LiveSession::start).toList();
    }

    @Override
    public void failed(FlushScheduler.Kind kind, RuntimeException e) {
        failures.failed(new Flush(number, kind), e);
    }

    @Override
    public void succeeded(FlushScheduler.Kind kind) {
        failures.succeeded(new Flush(number, kind));
    }
}
