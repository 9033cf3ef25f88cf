package dev.skopos.jakarta.internal.spool;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * How the journal frames an entry: its payload's length, its sequence number, a CRC-32 of both and of the
 * payload, then the payload. A frame cut short by a crash (a torn write), or whose bytes changed, fails its
 * check when read back: the rest of its segment is skipped and counted, never half-read.
 */
final class Frames {
    static final int HEADER = Integer.BYTES + Long.BYTES + Integer.BYTES;
    /** No entry is this large; a length past it can only be damage. */
    static final int MAX_PAYLOAD = 1 << 26;

    private Frames() {
    }

    /** What reading segments back skipped: damaged tails and the bytes in them. */
    static final class Damage {
        private int tails;
        private long bytes;

        int tails() {
            return tails;
        }

        long bytes() {
            return bytes;
        }

        void skipped(long skippedBytes) {
            tails++;
            bytes += skippedBytes;
        }
    }

    static ByteBuffer frame(long seq, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length);
        frame.putInt(payload.length).putLong(seq).putInt(checksum(payload.length, seq, payload)).put(payload);
        return frame.flip();
    }

    private static int checksum(int length, long seq, byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.allocate(Integer.BYTES + Long.BYTES).putInt(length).putLong(seq).flip());
        crc.update(payload);
        return (int) crc.getValue();
    }

    /**
     * Reads the intact frames of a segment in order, each with a sequence number above the one before
     * ({@code afterSeq} for the first); returns how many bytes they take. Whatever follows the last intact frame
     * is counted in {@code damage}.
     */
    static long read(Path segment, long afterSeq, Consumer<Journal.Entry> entries, Damage damage)
            throws IOException {
        long size = Files.size(segment);
        long intact = 0;
        long lastSeq = afterSeq;
        try (InputStream file = Files.newInputStream(segment);
             DataInputStream in = new DataInputStream(new BufferedInputStream(file, 1 << 16))) {
            while (intact < size) {
                Journal.Entry entry = next(in, size - intact, lastSeq);
                if (entry == null) {
                    damage.skipped(size - intact);
                    break;
                }
                entries.accept(entry);
                lastSeq = entry.seq();
                intact += HEADER + entry.payload().length;
            }
        }
        return intact;
    }

    /** The next frame of {@code left} bytes at most, or null if it is torn or damaged. */
    private static Journal.Entry next(DataInputStream in, long left, long lastSeq) throws IOException {
        if (left < HEADER) {
            return null;
        }
        int length = in.readInt();
        long seq = in.readLong();
        int crc = in.readInt();
        if (length < 0 || length > MAX_PAYLOAD || length > left - HEADER || seq <= lastSeq) {
            return null;
        }
        byte[] payload = new byte[length];
        try {
            in.readFully(payload);
        } catch (EOFException e) {
            return null;
        }
        return checksum(length, seq, payload) == crc ? new Journal.Entry(seq, payload) : null;
    }
}
