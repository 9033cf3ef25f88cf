package dev.skopos.jakarta.internal.pocketbase;

import java.util.Collection;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A PocketBase filter expression built from data without letting the data change its meaning. Values are
 * always quoted, a quote inside escaped as {@code \"}, which every PocketBase reads alike. A value holding a
 * backslash is refused: before 0.39.9 PocketBase reads a backslash as escaping the quote after it and nothing
 * else, since then as escaping any character ({@code \\} is one backslash), and no spelling of such a value
 * means the same to both.
 */
public final class Filter {
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private final String expression;

    private Filter(String expression) {
        this.expression = expression;
    }

    /** {@code field = "value"}, matching the value exactly. */
    public static Filter eq(String field, String value) {
        return new Filter(field(field) + " = " + quote(value));
    }

    /** {@code field} equal to any of {@code values}, which must not be empty. */
    public static Filter anyOf(String field, Collection<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values for " + field);
        }
        String name = field(field);
        return new Filter(values.stream().map(value -> name + " = " + quote(value))
                .collect(Collectors.joining(" || ")));
    }

    public Filter and(Filter other) {
        return new Filter("(" + expression + ") && (" + other.expression + ")");
    }

    public Filter or(Filter other) {
        return new Filter("(" + expression + ") || (" + other.expression + ")");
    }

    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }

    /** Whether {@code value} can be matched in a filter: whether it holds no backslash. */
    public static boolean isQuotable(String value) {
        return Objects.requireNonNull(value, "value").indexOf('\\') < 0;
    }

    private static String field(String name) {
        if (!FIELD.matcher(Objects.requireNonNull(name, "field")).matches()) {
            throw new IllegalArgumentException("not a PocketBase field name: " + name);
        }
        return name;
    }

    static String quote(String value) {
        if (!isQuotable(value)) {
            throw new IllegalArgumentException("a filter value cannot hold a backslash");
        }
        return '"' + value.replace("\"", "\\\"") + '"';
    }
}
