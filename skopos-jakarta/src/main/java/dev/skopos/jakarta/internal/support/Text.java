package dev.skopos.jakarta.internal.support;

/** Sanitising of free text from browsers. */
public final class Text {
    private Text() {
    }

    /** Removes every control character (Unicode Cc). */
    public static String stripControl(String text) {
        return strip(text, false);
    }

    /** Removes control characters but keeps tab, newline and carriage return. */
    public static String stripControlKeepingLines(String text) {
        return strip(text, true);
    }

    private static String strip(String text, boolean keepLineBreaks) {
        StringBuilder kept = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean drop = Character.isISOControl(c) && !(keepLineBreaks && (c == '\t' || c == '\n' || c == '\r'));
            if (drop && kept == null) {
                kept = new StringBuilder(text.length()).append(text, 0, i);
            } else if (!drop && kept != null) {
                kept.append(c);
            }
        }
        return kept == null ? text : kept.toString();
    }

    /** At most {@code max} characters, never splitting a surrogate pair. */
    public static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}
