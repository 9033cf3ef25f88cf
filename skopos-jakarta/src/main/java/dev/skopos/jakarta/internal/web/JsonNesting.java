package dev.skopos.jakarta.internal.web;

/**
 * How deeply a JSON text nests arrays and objects, found without parsing it. JSON parsers descend recursively,
 * and on some servers a body of a few thousand opening brackets overflows the stack before the parser's own
 * limit applies; checking first turns that into a plain refusal.
 */
final class JsonNesting {
    private JsonNesting() {
    }

    /** Whether {@code text} opens more than {@code max} arrays or objects inside one another at any point. */
    static boolean deeperThan(String text, int max) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > max) {
                    return true;
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return false;
    }
}
