package dev.skopos.jakarta.pocketbase;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The status line and the framing headers of an HTTP/1.1 response.
 *
 * @param status        the status code
 * @param statusLine    the whole status line, for messages
 * @param contentLength the body's length, or -1 when the headers do not give it
 * @param chunked       whether the body comes in chunks
 * @param closes        whether the server closes the connection after this response
 */
record ResponseHead(int status, String statusLine, long contentLength, boolean chunked, boolean closes) {

    static ResponseHead read(InputStream in) throws IOException {
        String statusLine = HttpLines.read(in);
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = parts.length < 2 || !parts[0].startsWith("HTTP/1.") ? -1 : Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            status = -1;
        }
        if (status < 100) {
            throw new IOException("not an HTTP/1.1 status line: '" + statusLine + "'");
        }
        long contentLength = -1;
        boolean chunked = false;
        boolean closes = parts[0].equals("HTTP/1.0");
        String header;
        while (!(header = HttpLines.read(in)).isEmpty()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> contentLength = parseLength(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> closes = value.contains("close");
                default -> { }
            }
        }
        return new ResponseHead(status, statusLine, contentLength, chunked, closes);
    }

    private static long parseLength(String value) throws IOException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IOException("malformed Content-Length '" + value + "'");
        }
    }
}
