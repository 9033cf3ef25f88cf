package dev.skopos.jakarta.pocketbase;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads the CRLF-terminated ASCII lines of HTTP/1.1 framing (status, headers, chunk sizes). */
final class HttpLines {
    private static final int MAX_LINE = 8192;

    private HttpLines() {
    }

    static String read(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed inside an HTTP header line");
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("HTTP header line longer than " + MAX_LINE);
            }
            line.append((char) c);
        }
        int end = line.length();
        return new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), 0,
                end > 0 && line.charAt(end - 1) == '\r' ? end - 1 : end, StandardCharsets.ISO_8859_1);
    }
}
