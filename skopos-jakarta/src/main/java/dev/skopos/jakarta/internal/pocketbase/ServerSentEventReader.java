package dev.skopos.jakarta.internal.pocketbase;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads events from a {@code text/event-stream} as the HTML standard describes: fields until a blank line. An
 * event or a line longer than {@value #MAX_DATA_LENGTH} characters fails the stream.
 */
final class ServerSentEventReader {
    private static final int MAX_DATA_LENGTH = 1 << 20;

    private final BufferedReader in;

    ServerSentEventReader(BufferedReader in) {
        this.in = in;
    }

    /** The next complete event, or empty when the stream has ended. */
    Optional<ServerSentEvent> next() throws IOException {
        String event = "";
        StringBuilder data = null;
        String line;
        while ((line = readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new ServerSentEvent(event.isEmpty() ? "message" : event, data.toString()));
                }
                event = "";
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "data" -> {
                    data = data == null ? new StringBuilder() : data.append('\n');
                    if (data.length() + value.length() > MAX_DATA_LENGTH) {
                        throw new IOException("server-sent event larger than " + MAX_DATA_LENGTH + " characters");
                    }
                    data.append(value);
                }
                default -> {
                    // "id", "retry" and unknown fields do not matter here
                }
            }
        }
        return Optional.empty();
    }

    /** The next line without its end (LF, CRLF or CR), or null at the end of the stream. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return line.toString();
            }
            if (c == '\r') {
                in.mark(1);
                if (in.read() != '\n') {
                    in.reset();
                }
                return line.toString();
            }
            if (line.length() == MAX_DATA_LENGTH) {
                throw new IOException("server-sent event line longer than " + MAX_DATA_LENGTH + " characters");
            }
            line.append((char) c);
        }
        return null;
    }
}
