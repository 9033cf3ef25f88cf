package dev.skopos.jakarta.internal.spool;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * An append-only log of entries in a directory of its own, in segment files named by the sequence number of
 * their first entry. Each entry is framed ({@link Frames}) so that a torn or corrupt tail is found when the log
 * is read back. Appends go to the operating system at once (a process killed afterwards loses nothing) and reach
 * the disk at the next {@link #sync()}. Segments are deleted oldest first, once no entry in them is held.
 *
 * <p>Two journals never share a directory: opening one takes an exclusive lock on its lock file, and a second
 * open, from this process or another, is refused.
 */
final class Journal implements Closeable {
    static final String LOCK_FILE = "spool.lock";
    private static final String SUFFIX = ".spool";

    private final Path directory;
    private final long maxBytes;
    private final long segmentBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ReentrantLock appending = new ReentrantLock();
    /** Every segment by the sequence number of its first entry; the last one is written. */
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final List<Entry> recovered;
    private final Frames.Damage damage;
    private long nextSeq;
    private long bytes;
    private FileChannel active;
    private volatile boolean dirty;

    /** One intact entry read back. */
    record Entry(long seq, byte[] payload) {
    }

    /** A segment's size, and how many of its entries are held: it stays while any is. */
    private static final class Segment {
        final Path path;
        final AtomicLong held = new AtomicLong();
        volatile long size;

        Segment(Path path, long size) {
            this.path = path;
            this.size = size;
        }
    }

    private Journal(Path directory, long maxBytes, long segmentBytes) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock taken;
        try {
            taken = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            taken = null;
        }
        if (taken == null) {
            lockChannel.close();
            throw new SpoolInUseException(directory);
        }
        this.lock = taken;
        List<Entry> read = new ArrayList<>();
        Frames.Damage found = new Frames.Damage();
        try {
            long lastSeq = -1;
            for (Path file : segmentFiles()) {
                long intact = Frames.read(file, lastSeq, read::add, found);
                if (intact == 0) {
                    Files.delete(file);
                    continue;
                }
                if (intact < Files.size(file)) {
                    truncate(file, intact);
                }
                lastSeq = read.isEmpty() ? lastSeq : read.get(read.size() - 1).seq();
                segments.put(firstSeqOf(file), new Segment(file, intact));
                bytes += intact;
            }
            this.nextSeq = lastSeq + 1;
            startSegment();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        this.recovered = read;
        this.damage = found;
    }

    /**
     * Opens the journal in {@code directory}, creating it if need be, and reads back what it holds.
     *
     * @param maxBytes     the disk it may take; an append that would pass it is refused
     * @param segmentBytes the size past which appends go to a new segment
     * @throws SpoolInUseException when another journal has the directory open
     */
    static Journal open(Path directory, long maxBytes, long segmentBytes) throws IOException {
        return new Journal(directory, maxBytes, segmentBytes);
    }

    /** The intact entries found when the journal was opened, in order; each is held until {@link #release}d. */
    List<Entry> recovered() {
        return recovered;
    }

    /** What reading the journal back had to skip. */
    Frames.Damage damage() {
        return damage;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(SUFFIX))
                    .sorted((a, b) -> Long.compare(firstSeqOf(a), firstSeqOf(b))).toList();
        }
    }

    private static long firstSeqOf(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
            channel.force(true);
        }
    }

    /** Holds an entry read back, so that its segment stays until it is released. */
    void hold(long seq) {
        segmentOf(seq).held.incrementAndGet();
    }

    /** An entry no longer needed: its segment may go once none of its entries is held. */
    void release(long seq) {
        segmentOf(seq).held.decrementAndGet();
    }

    private Segment segmentOf(long seq) {
        return segments.floorEntry(seq).getValue();
    }

    /**
     * Appends an entry; returns its sequence number, or -1 when it would take the journal past its disk budget.
     *
     * @param held   whether the entry is held until {@link #release}d
     * @param always whether it is written past the budget: small entries that let the journal shrink
     */
    long append(byte[] payload, boolean held, boolean always) {
        appending.lock();
        try {
            long seq = nextSeq;
            ByteBuffer frame = Frames.frame(seq, payload);
            int size = frame.remaining();
            if (!always && bytes + size > maxBytes) {
                return -1;
            }
            Segment segment = segments.lastEntry().getValue();
            if (segment.size > 0 && segment.size + size > segmentBytes) {
                active.force(false);
                startSegment();
                segment = segments.lastEntry().getValue();
            }
            while (frame.hasRemaining()) {
                active.write(frame);
            }
            segment.size += size;
            bytes += size;
            nextSeq++;
            dirty = true;
            if (held) {
                segment.held.incrementAndGet();
            }
            return seq;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            appending.unlock();
        }
    }

    private void startSegment() throws IOException {
        if (active != null) {
            active.close();
        }
        Path file = directory.resolve(String.format("%020d%s", nextSeq, SUFFIX));
        active = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        segments.put(nextSeq, new Segment(file, 0));
    }

    /** Forces what was appended since the last sync to the disk. */
    void sync() throws IOException {
        if (!dirty) {
            return;
        }
        appending.lock();
        try {
            dirty = false;
            active.force(false);
        } finally {
            appending.unlock();
        }
    }

    /**
     * Deletes the oldest segments, up to the one written, while none of their entries is held; returns the
     * sequence number of the first entry kept.
     */
    long dropReleasedPrefix() throws IOException {
        for (Map.Entry<Long, Segment> oldest = segments.firstEntry(); oldest != null
                && oldest.getValue().held.get() == 0; oldest = segments.firstEntry()) {
            appending.lock();
            try {
                if (oldest.getKey().equals(segments.lastKey())) {
                    return oldest.getKey();
                }
                segments.remove(oldest.getKey());
                bytes -= oldest.getValue().size;
            } finally {
                appending.unlock();
            }
            Files.deleteIfExists(oldest.getValue().path);
        }
        return segments.firstKey();
    }

    /**
     * The sequence number where the segments start that {@link #dropReleasedPrefix} keeps: the first segment with
     * an entry held, or the one written.
     */
    long firstHeldSegmentStart() {
        return segments.entrySet().stream().filter(segment -> segment.getValue().held.get() > 0).findFirst()
                .map(Map.Entry::getKey).orElseGet(segments::lastKey);
    }

    /** Bytes the journal takes on disk. */
    long bytes() {
        appending.lock();
        try {
            return bytes;
        } finally {
            appending.unlock();
        }
    }

    /** Syncs what was appended and lets the directory go. */
    @Override
    public void close() throws IOException {
        appending.lock();
        try {
            if (active != null) {
                active.force(false);
                active.close();
            }
        } finally {
            appending.unlock();
            if (lock != null) {
                lock.release();
            }
            lockChannel.close();
        }
    }
}
