package dev.skopos.jakarta.internal.pocketbase;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes an HTTP/1.1 {@code Transfer-Encoding: chunked} body; ends after the zero-length chunk and its
 * trailer, so that a kept-alive connection is left at the start of the next response. A malformed chunk size, a
 * chunk not closed by a line end, or an endless trailer fails the read.
 */
final class ChunkedInputStream extends InputStream {
    private static final Pattern SIZE_LINE = Pattern.compile("([0-9a-fA-F]{1,15})[ \\t]*(?:;.*)?");
    private static final int MAX_TRAILER_LINES = 100;

    private final InputStream in;
    private long remainingInChunk;
    private boolean finished;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (finished || (remainingInChunk == 0 && !startChunk())) {
            return -1;
        }
        int read = in.read(buffer, offset, (int) Math.min(length, remainingInChunk));
        if (read < 0) {
            throw new IOException("chunked body ended inside a chunk");
        }
        remainingInChunk -= read;
        if (remainingInChunk == 0 && !HttpLines.read(in).isEmpty()) {
            throw new IOException("chunk not followed by a line end");
        }
        return read;
    }

    private boolean startChunk() throws IOException {
        String sizeLine = HttpLines.read(in);
        Matcher size = SIZE_LINE.matcher(sizeLine);
        if (!size.matches()) {
            throw new IOException("malformed chunk size line '" + sizeLine + "'");
        }
        remainingInChunk = Long.parseLong(size.group(1), 16);
        if (remainingInChunk == 0) {
            finished = true;
            for (int lines = 0; !HttpLines.read(in).isEmpty(); lines++) {
                if (lines == MAX_TRAILER_LINES) {
                    throw new IOException("chunked trailer longer than " + MAX_TRAILER_LINES + " lines");
                }
            }
        }
        return !finished;
    }
}
