package dev.skopos.jakarta.internal.pocketbase;

import jakarta.json.JsonValue;

/**
 * The size PocketBase gives a JSON field's value when it checks the field's limit (1 MiB when the field sets
 * none, in current versions): the value's JSON text as Go's encoder writes it again, in UTF-8. Measured on the
 * two generations the project runs: PocketBase 0.22 (Go's {@code encoding/json}) writes {@code <}, {@code >}
 * and {@code &} as six-byte escapes (a backslash, {@code u} and four hex digits) before it compares, so a text
 * full of them counts six times its length; 0.40 ({@code encoding/json/v2}) keeps them as they are. Both write
 * other control characters than the usual short escapes as six-byte escapes. Where the generations or the two
 * encoders differ (those three characters, the line and paragraph separators, the short escapes of backspace
 * and form feed, a lone surrogate), the larger size is counted, since the tracker does not know which it
 * writes to.
 */
public final class JsonFieldSize {
    private static final int ESCAPED = 6;

    private JsonFieldSize() {
    }

    /** Bytes of {@code value} as PocketBase counts them. */
    public static long of(JsonValue value) {
        return of(value.toString());
    }

    /** Bytes of a compact JSON text as PocketBase counts them. */
    static long of(String json) {
        long bytes = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                bytes += ESCAPED;
            } else if (c == '\\' && i + 1 < json.length()) {
                char escape = json.charAt(++i);
                // Go spells backspace and form feed as six-byte escapes, and keeps a six-byte escape as it is
                bytes += escape == 'b' || escape == 'f' || escape == 'u' ? ESCAPED : 2;
                i += escape == 'u' ? 4 : 0;
            } else if (Character.isHighSurrogate(c) && i + 1 < json.length()
                    && Character.isLowSurrogate(json.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += ESCAPED;
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return bytes;
    }
}
