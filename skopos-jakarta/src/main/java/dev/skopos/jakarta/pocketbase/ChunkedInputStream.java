package dev.skopos.jakarta.pocketbase;

import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes an HTTP/1.1 {@code Transfer-Encoding: chunked} body; ends after the zero-length chunk and its
 * trailer, so that a kept-alive connection is left at the start of the next response.
 */
final class ChunkedInputStream extends InputStream {
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
        if (remainingInChunk == 0) {
            HttpLines.read(in); // the CRLF closing every chunk
        }
        return read;
    }

    private boolean startChunk() throws IOException {
        String sizeLine = HttpLines.read(in);
        int extension = sizeLine.indexOf(';');
        String size = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim();
        try {
            remainingInChunk = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw new IOException("malformed chunk size '" + size + "'");
        }
        if (remainingInChunk == 0) {
            finished = true;
            while (!HttpLines.read(in).isEmpty()) {
                // trailer fields, which the tracker has no use for
            }
        }
        return !finished;
    }
}
