package dev.skopos.jakarta.internal.pocketbase;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Reads the CRLF-terminated ASCII lines of HTTP/1.1 framing (status, headers, chunk sizes), each bounded. */
final class HttpLines {
    private static final int MAX_LINE = 8192;

    private HttpLines() {
    }

    /** The next line without its line end (CRLF, or a bare LF). */
    static String read(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed inside an HTTP header line");
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("HTTP header line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) c); // ISO-8859-1, byte for char
        }
        int end = line.length();
        return line.substring(0, end > 0 && line.charAt(end - 1) == '\r' ? end - 1 : end);
    }
}
