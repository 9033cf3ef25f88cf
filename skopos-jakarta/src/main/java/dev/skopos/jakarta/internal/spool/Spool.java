package dev.skopos.jakarta.internal.spool;

import dev.skopos.jakarta.internal.intake.EventType;
import dev.skopos.jakarta.internal.queue.Confirmations;
import dev.skopos.jakarta.internal.store.DayWrite;
import dev.skopos.jakarta.internal.store.DayWrites;
import dev.skopos.jakarta.internal.store.JsErrorBase;
import dev.skopos.jakarta.internal.store.PendingWrite;
import dev.skopos.jakarta.internal.summary.DailySummary;
import dev.skopos.jakarta.internal.visitors.LiveSession;
import dev.skopos.jakarta.internal.visitors.SessionLocation;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.LongStream;

/**
 * The durable spool: what the tracker accepted is appended to a {@link Journal} before the tracking call returns,
 * and stays there until PocketBase confirmed all of it; at start, what was not confirmed is handed back
 * ({@link #recovery()}) to be processed again under the same ids.
 *
 * <p>An event is confirmed once its records landed and the daily summary gains they brought are taken into day
 * writes about to be sent ({@link #sending}), and, for a JS error, once its report was written to its error's
 * record. The summary and JS error records are counts, added to; replaying an entry whose gains already landed
 * would add them twice. So a day write is recorded, whole, with the confirmation of the gains it takes in, and
 * sent again after a crash until PocketBase saved it; a JS error write records what its record held before
 * ({@link #reportsSending}), and reports replayed after a crash are added to that. With each confirmation the
 * spool also records the state its sessions were in (how far the summary counted them, whether their visitor was new):
 * replay starts from that state, not from the sessions' first events, which may be gone from the journal.
 *
 * <p>An event accepted before the website's settings were first loaded is spooled as it came
 * ({@link SpoolEntry.Early}), since nothing is known yet of the session it will open; once they are, the entry of
 * the event processed takes its place in one append, so that a crash keeps one of the two and never both.
 */
public final class Spool implements Confirmations, DayWrites, Closeable {
    private static final Logger LOG = Logger.getLogger(Spool.class.getName());
    private static final long MAX_SEGMENT_BYTES = 8L * 1024 * 1024;
    private static final int BOTH_PARTS = SpoolEntry.Parts.RECORD | SpoolEntry.Parts.REPORT;

    private final Journal journal;
    private final Recovery recovery;
    private final ScheduledFuture<?> syncs;
    private final AtomicBoolean diskFailing = new AtomicBoolean();
    /** Held by the writer while a landed record's gains are counted; taken alone while the gains are taken. */
    private final ReentrantReadWriteLock gains = new ReentrantReadWriteLock();
    /** Accepted entries whose records landed, and whose gains wait in the summary buffer. */
    private Epoch landing = new Epoch();
    /** Those whose gains the summary write under way took. */
    private Epoch taken;
    private final Function<LiveSession, SpoolEntry.SessionState> states;
    /** The last state recorded of every open session, and the entry it is in. */
    private final Map<String, RecordedState> openSessions = new HashMap<>();
    /** Accepted entries PocketBase confirms in two parts (JS errors) until both are. */
    private final Set<Long> twoParts = new HashSet<>();
    /** Entries confirmed in part only, with the part confirmed and the entry that says so. */
    private final Map<Long, Partial> partials = new HashMap<>();
    /** The daily summary writes not yet saved, and the entry each is recorded in. */
    private final Map<LocalDate, RecordedDay> unsavedDays = new HashMap<>();
    /** Whether the summary write under way took the gains. */
    private boolean tookGains;

    /** Accepted entries whose records landed together, and the sessions they touched. */
    private static final class Epoch {
        final List<Long> seqs = new ArrayList<>();
        final Map<String, LiveSession> sessions = new LinkedHashMap<>();
        final List<String> ended = new ArrayList<>();
        List<SpoolEntry.SessionState> states = List.of();

        void addAll(Epoch other) {
            seqs.addAll(other.seqs);
            other.sessions.forEach(sessions::putIfAbsent);
            ended.addAll(other.ended);
        }
    }

    private record RecordedState(SpoolEntry.SessionState state, long seq) {
    }

    private record Partial(int confirmedParts, long seq) {
    }

    private record RecordedDay(DayWrite write, long seq) {
    }

    /**
     * What the journal held at start that PocketBase had not confirmed.
     *
     * @param dayWrites     daily summary writes that may not have been saved: they are sent before later gains
     * @param jsErrorBases  what the records of errors held before a write of reports among {@code entries} that
     *                      may have landed: those reports are added to it, not to what the records hold now
     */
    public record Recovery(List<SpoolEntry.SessionState> sessions, List<Replay> entries, int damagedTails,
                           long damagedBytes, List<DayWrite> dayWrites, List<JsErrorBase> jsErrorBases) {
    }

    /**
     * An entry to process again.
     *
     * @param parts the parts PocketBase has not confirmed ({@link SpoolEntry.Parts})
     */
    public record Replay(long seq, SpoolEntry entry, int parts) {
    }

    private Spool(Journal journal, Function<Optional<String>, SessionLocation> locator,
                  Function<LiveSession, SpoolEntry.SessionState> states, ScheduledExecutorService scheduler,
                  SpoolSettings settings) throws IOException {
        this.journal = journal;
        this.states = states;
        this.recovery = recover(new EntryCodec(locator));
        long period = Math.max(1, settings.syncInterval().toMillis());
        this.syncs = scheduler.scheduleWithFixedDelay(this::sync, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens the spool in its directory and reads back what it holds.
     *
     * @param locator locates a session from its client address, for sessions spooled before they were located
     * @param states  the state of a live session, as the spool records it once its records are confirmed
     * @throws SpoolInUseException when another tracker has the directory
     */
    public static Spool open(SpoolSettings settings, Function<Optional<String>, SessionLocation> locator,
                             Function<LiveSession, SpoolEntry.SessionState> states,
                             ScheduledExecutorService scheduler) {
        try {
            Journal journal = Journal.open(settings.directory(), settings.maxBytes(),
                    Math.min(MAX_SEGMENT_BYTES, Math.max(4096, settings.maxBytes() / 8)));
            try {
                return new Spool(journal, locator, states, scheduler, settings);
            } catch (IOException | RuntimeException e) {
                journal.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Skopos cannot open its spool directory " + settings.directory(), e);
        }
    }

    /** What was spooled and not confirmed when the tracker last stopped, oldest first. */
    public Recovery recovery() {
        return recovery;
    }

    private Recovery recover(EntryCodec codec) throws IOException {
        Map<Long, SpoolEntry> accepted = new LinkedHashMap<>();
        Map<Long, Integer> confirmed = new HashMap<>();
        Map<String, SpoolEntry.ReportsSending> reportsSent = new HashMap<>();
        for (Journal.Entry read : journal.recovered()) {
            SpoolEntry entry = codec.decode(read.payload());
            if (entry instanceof SpoolEntry.Confirmed done) {
                for (long seq : done.seqs()) {
                    confirmed.merge(seq, done.part(), (a, b) -> a | b);
                }
                done.sessions().forEach(state -> openSessions.put(state.session().recordId(),
                        new RecordedState(state, read.seq())));
                done.endedSessions().forEach(openSessions::remove);
                done.dayWrites().forEach(write -> unsavedDays.put(write.day(), new RecordedDay(write, read.seq())));
            } else if (entry instanceof SpoolEntry.DaySettled settled) {
                unsavedDays.remove(settled.day());
            } else if (entry instanceof SpoolEntry.ReportsSending sending) {
                reportsSent.put(sending.base().websiteId() + '/' + sending.base().hash(), sending);
            } else {
                accepted.put(read.seq(), entry);
                // processed once the website was known: the entry it was kept under while waiting is done with
                accepted.remove(earlyOf(entry));
            }
        }
        List<Replay> replays = new ArrayList<>();
        accepted.forEach((seq, entry) -> {
            int done = confirmed.getOrDefault(seq, 0);
            int parts = partsOf(entry) & ~done;
            if (parts != 0) {
                journal.hold(seq);
                replays.add(new Replay(seq, entry, parts));
                if (partsOf(entry) == BOTH_PARTS) {
                    twoParts.add(seq);
                    if (done != 0) {
                        partials.put(seq, new Partial(done, -1));
                    }
                }
            }
        });
        Frames.Damage damage = journal.damage();
        if (damage.tails() > 0) {
            LOG.warning("Skopos's spool had " + damage.tails() + " torn or damaged tail(s), " + damage.bytes()
                    + " bytes, which it skipped: a crash cut the last write short, or the files were changed"
                    + " (counted as spoolDamagedTails in its readiness data)");
        }
        if (!replays.isEmpty()) {
            LOG.info("Skopos's spool holds " + replays.size() + " accepted entries PocketBase had not confirmed;"
                    + " they are written again");
        }
        Set<Long> reportsUnconfirmed = new HashSet<>();
        replays.stream().filter(replay -> (replay.parts() & SpoolEntry.Parts.REPORT) != 0)
                .forEach(replay -> reportsUnconfirmed.add(replay.seq()));
        List<JsErrorBase> jsErrorBases = reportsSent.values().stream()
                .filter(sent -> LongStream.of(sent.seqs()).anyMatch(reportsUnconfirmed::contains))
                .map(SpoolEntry.ReportsSending::base).toList();
        return new Recovery(openSessions.values().stream().map(RecordedState::state).toList(), replays,
                damage.tails(), damage.bytes(), unsavedDays.values().stream().map(RecordedDay::write).toList(),
                jsErrorBases);
    }

    /** The parts of an accepted entry PocketBase confirms. */
    public static int partsOf(SpoolEntry entry) {
        boolean jsError = entry instanceof SpoolEntry.Event event
                && event.event().type() == EventType.JS_ERROR;
        return jsError ? BOTH_PARTS : SpoolEntry.Parts.RECORD;
    }

    /**
     * Appends what a tracking call accepted, before the call returns; returns its sequence number, or -1 when the
     * spool's disk budget is used up (the event is then dropped and counted). An entry that takes the place of an
     * {@link SpoolEntry.Early} one is appended whatever the budget holds, since that one is let go at once, and a
     * crash keeps one of the two, never both.
     */
    public long accepted(SpoolEntry entry) {
        long early = earlyOf(entry);
        long seq = append(EntryCodec.encode(entry), early != SpoolEntry.NOT_EARLY);
        if (seq >= 0 && early != SpoolEntry.NOT_EARLY) {
            journal.release(early);
        }
        if (seq >= 0 && partsOf(entry) == BOTH_PARTS) {
            synchronized (this) {
                twoParts.add(seq);
            }
        }
        return seq;
    }

    /** The {@link SpoolEntry.Early} entry whose place {@code entry} takes, or {@link SpoolEntry#NOT_EARLY}. */
    private static long earlyOf(SpoolEntry entry) {
        if (entry instanceof SpoolEntry.Event event) {
            return event.early();
        }
        return entry instanceof SpoolEntry.Identify identify ? identify.early() : SpoolEntry.NOT_EARLY;
    }

    /** Appends the end of a session, which is written past the disk budget: it frees more than it takes. */
    public long ended(SpoolEntry.SessionEnd end) {
        return append(EntryCodec.encode(end), true);
    }

    /**
     * Appends an accepted entry, held until confirmed; -1 when the budget or the disk has no room for it. A
     * failing disk refuses the entry rather than the tracking call, and is said once per episode.
     */
    private long append(byte[] entry, boolean always) {
        try {
            long seq = journal.append(entry, true, always);
            diskFailing.set(false);
            return seq;
        } catch (UncheckedIOException e) {
            if (diskFailing.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "Skopos cannot write to its spool; events are refused until it can", e);
            }
            return -1;
        }
    }

    /** An entry appended but then not queued (the memory budget was full): it is given up for good. */
    public synchronized void withdrawn(long seq) {
        confirm(new long[] {seq}, BOTH_PARTS, List.of(), List.of(), List.of());
    }

    /**
     * A record of an accepted entry landed (or was refused for good): {@code effects} counts its summary gains,
     * and it is confirmed with the next summary write that takes them.
     */
    @Override
    public void landed(PendingWrite write, Runnable effects) {
        gains.readLock().lock();
        try {
            effects.run();
            long seq = seqOf(write);
            if (seq < 0) {
                return;
            }
            synchronized (this) {
                landing.seqs.add(seq);
                if (write instanceof PendingWrite.Event event) {
                    landing.sessions.put(event.session().recordId(), event.session());
                } else if (write instanceof PendingWrite.SessionEnd end) {
                    landing.ended.add(end.session().recordId());
                }
            }
        } finally {
            gains.readLock().unlock();
        }
    }

    private static long seqOf(PendingWrite write) {
        if (write instanceof PendingWrite.Event event) {
            return event.spoolSeq();
        }
        if (write instanceof PendingWrite.SessionEnd end) {
            return end.spoolSeq();
        }
        return ((PendingWrite.Identify) write).spoolSeq();
    }

    /**
     * Takes the summary gains with {@code takeAll}, and with them the entries whose gains they are, and the state
     * their sessions are in now: nothing lands in between.
     */
    public Map<LocalDate, DailySummary> takingGains(Supplier<Map<LocalDate, DailySummary>> takeAll) {
        gains.writeLock().lock();
        try {
            Map<LocalDate, DailySummary> took = takeAll.get();
            synchronized (this) {
                takeLanded();
                tookGains = true;
            }
            return took;
        } finally {
            gains.writeLock().unlock();
        }
    }

    private synchronized void takeLanded() {
        Epoch took = landing;
        landing = new Epoch();
        took.ended.forEach(took.sessions::remove);
        took.states = took.sessions.values().stream().map(states).toList();
        if (taken == null) {
            taken = took;
        } else {
            taken.addAll(took);
            taken.states = taken.sessions.values().stream().map(states).toList();
        }
    }

    /**
     * A summary write begins: the entries whose gains it takes are confirmed once the day writes that take them
     * in are recorded ({@link #sending}), or once it succeeds.
     */
    public synchronized void summaryWriteStarts() {
        taken = null;
        tookGains = false;
    }

    /** The summary write succeeded: the entries whose gains it took and sent no day write for are confirmed. */
    public void summaryWritten() {
        gains.writeLock().lock();
        try {
            synchronized (this) {
                if (!tookGains) {
                    // no gains were taken: summaries are off, and what landed brought none
                    takeLanded();
                }
                confirmTaken(List.of());
            }
        } finally {
            gains.writeLock().unlock();
        }
        compact();
    }

    /**
     * The day writes about to be sent, and with them the entries whose gains they take in, confirmed in one entry:
     * a crash from here on sends these writes again and does not count those gains a second time.
     */
    @Override
    public synchronized void sending(List<DayWrite> writes) {
        confirmTaken(writes);
    }

    @Override
    public synchronized void settled(LocalDate day) {
        if (unsavedDays.remove(day) != null) {
            journal.append(EntryCodec.encode(new SpoolEntry.DaySettled(day)), false, true);
        }
    }

    @Override
    public List<DayWrite> unsaved() {
        return recovery.dayWrites();
    }

    private void confirmTaken(List<DayWrite> dayWrites) {
        Epoch done = taken == null ? new Epoch() : taken;
        taken = null;
        confirm(done.seqs.stream().mapToLong(Long::longValue).toArray(), SpoolEntry.Parts.RECORD, done.states,
                done.ended, dayWrites);
    }

    /** The summary write failed: the gains it took are kept for the next, and so are their entries. */
    public synchronized void summaryFailed() {
        if (taken != null) {
            landing.addAll(taken);
            taken = null;
        }
    }

    /**
     * A write of these JS error entries' reports is about to be sent. Kept in no segment of its own: it matters
     * while the entries are held, and they come before it.
     */
    @Override
    public void reportsSending(long[] seqs, JsErrorBase base) {
        if (seqs.length > 0) {
            journal.append(EntryCodec.encode(new SpoolEntry.ReportsSending(seqs, base)), false, true);
        }
    }

    /** The reports of these JS error entries were written to their errors' records. */
    @Override
    public void reportsWritten(long[] seqs) {
        if (seqs.length > 0) {
            synchronized (this) {
                confirm(seqs, SpoolEntry.Parts.REPORT, List.of(), List.of(), List.of());
            }
        }
    }

    private void confirm(long[] seqs, int part, List<SpoolEntry.SessionState> sessionStates, List<String> ended,
                         List<DayWrite> dayWrites) {
        if (seqs.length == 0 && sessionStates.isEmpty() && ended.isEmpty() && dayWrites.isEmpty()) {
            return;
        }
        long seq = journal.append(EntryCodec.encode(new SpoolEntry.Confirmed(seqs, part, sessionStates, ended,
                dayWrites)), false, true);
        sessionStates.forEach(state -> openSessions.put(state.session().recordId(), new RecordedState(state, seq)));
        ended.forEach(openSessions::remove);
        dayWrites.forEach(write -> unsavedDays.put(write.day(), new RecordedDay(write, seq)));
        for (long done : seqs) {
            if (!twoParts.contains(done)) {
                journal.release(done);
                continue;
            }
            Partial before = partials.remove(done);
            int parts = (before == null ? 0 : before.confirmedParts()) | part;
            if (parts == BOTH_PARTS) {
                twoParts.remove(done);
                journal.release(done);
            } else {
                partials.put(done, new Partial(parts, seq));
            }
        }
    }

    /**
     * Deletes the oldest segments once nothing in them is needed: the states of open sessions, unsaved day writes
     * and partial confirmations recorded there are recorded again first.
     */
    private void compact() {
        try {
            synchronized (this) {
                long keptFrom = journal.firstHeldSegmentStart();
                List<SpoolEntry.SessionState> moved = openSessions.values().stream()
                        .filter(recorded -> recorded.seq() < keptFrom).map(RecordedState::state).toList();
                List<DayWrite> movedDays = unsavedDays.values().stream().filter(recorded -> recorded.seq() < keptFrom)
                        .map(RecordedDay::write).toList();
                confirm(new long[0], SpoolEntry.Parts.RECORD, moved, List.of(), movedDays);
                List<Map.Entry<Long, Partial>> stale = partials.entrySet().stream()
                        .filter(partial -> partial.getValue().seq() < keptFrom).toList();
                for (Map.Entry<Long, Partial> partial : stale) {
                    long seq = journal.append(EntryCodec.encode(new SpoolEntry.Confirmed(
                            new long[] {partial.getKey()}, partial.getValue().confirmedParts(), List.of(),
                            List.of(), List.of())), false, true);
                    partial.setValue(new Partial(partial.getValue().confirmedParts(), seq));
                }
                journal.sync();
            }
            journal.dropReleasedPrefix();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Skopos could not compact its spool", e);
        }
    }

    private void sync() {
        try {
            journal.sync();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Skopos could not force its spool to the disk", e);
        }
    }

    /** Bytes the spool takes on disk. */
    public long bytes() {
        return journal.bytes();
    }

    /** Forces what was appended to the disk and lets the directory go. */
    @Override
    public void close() {
        syncs.cancel(false);
        try {
            journal.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Skopos could not close its spool", e);
        }
    }
}
