package dev.skopos.jakarta.internal.pocketbase;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status line and the framing headers of an HTTP/1.1 response. Interim (1xx) answers before it are read and
 * passed over. Framing that could be read more than one way is refused rather than guessed at: a malformed status
 * line or header, a {@code Content-Length} that is not one non-negative number, a transfer coding other than
 * {@code chunked}, or both at once.
 *
 * @param status        the status code
 * @param statusLine    the whole status line, for messages
 * @param contentLength the body's length, or -1 when the headers do not give it
 * @param chunked       whether the body comes in chunks
 * @param closes        whether the server closes the connection after this response
 */
record ResponseHead(int status, String statusLine, long contentLength, boolean chunked, boolean closes) {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.([01]) ([1-5]\\d\\d)(?: .*)?");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
    private static final int MAX_HEADERS = 100;

    /** The final head of a response, after any interim ones. */
    static ResponseHead read(InputStream in) throws IOException {
        ResponseHead head = readOne(in);
        while (head.status() / 100 == 1) {
            if (head.status() == 101) {
                throw new IOException("unexpected '" + head.statusLine() + "'");
            }
            head = readOne(in);
        }
        return head;
    }

    /** Whether the status promises no body whatever the headers say. */
    boolean hasNoBody() {
        return status == 204 || status == 304;
    }

    private static ResponseHead readOne(InputStream in) throws IOException {
        String statusLine = HttpLines.read(in);
        Matcher parts = STATUS_LINE.matcher(statusLine);
        if (!parts.matches()) {
            throw new IOException("not an HTTP/1.1 status line: '" + statusLine + "'");
        }
        long contentLength = -1;
        String transferEncoding = null;
        boolean closes = parts.group(1).equals("0");
        String header;
        for (int count = 0; !(header = HttpLines.read(in)).isEmpty(); count++) {
            int colon = header.indexOf(':');
            if (count == MAX_HEADERS || colon <= 0 || Character.isWhitespace(header.charAt(0))) {
                throw new IOException(count == MAX_HEADERS ? "more than " + MAX_HEADERS + " header lines"
                        : "malformed header line '" + header + "'");
            }
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (header.substring(0, colon).toLowerCase(Locale.ROOT)) {
                case "content-length" -> contentLength = length(value, contentLength);
                case "transfer-encoding" -> transferEncoding = transferEncoding == null ? value
                        : transferEncoding + ", " + value;
                case "connection" -> closes = value.contains("close") || (closes && !value.contains("keep-alive"));
                default -> { }
            }
        }
        if (transferEncoding != null && !transferEncoding.equals("chunked")) {
            throw new IOException("unsupported Transfer-Encoding '" + transferEncoding + "'");
        }
        if (transferEncoding != null && contentLength >= 0) {
            throw new IOException("both Content-Length and Transfer-Encoding");
        }
        return new ResponseHead(Integer.parseInt(parts.group(2)), statusLine, contentLength,
                transferEncoding != null, closes);
    }

    /** The length a {@code Content-Length} gives; a second one must agree with the first. */
    private static long length(String value, long earlier) throws IOException {
        if (!DIGITS.matcher(value).matches() || (earlier >= 0 && Long.parseLong(value) != earlier)) {
            throw new IOException("malformed Content-Length '" + value + "'");
        }
        return Long.parseLong(value);
    }
}
