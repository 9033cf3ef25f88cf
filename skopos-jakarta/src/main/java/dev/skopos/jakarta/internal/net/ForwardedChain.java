package dev.skopos.jakarta.internal.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The addresses a chain of proxies recorded, nearest the client first, read from {@code X-Forwarded-For}
 * ({@code client, proxy1, proxy2}) or from RFC 7239 {@code Forwarded} ({@code for=client;proto=https,
 * for="[2001:db8::1]:4711"}). An entry that is not an address literal (a host name, {@code unknown}, an
 * obfuscated {@code _id}, garbage) is kept as an empty slot, so that the walk can stop there.
 */
final class ForwardedChain {
    private ForwardedChain() {
    }

    static List<Optional<String>> ofXForwardedFor(String header) {
        List<Optional<String>> hops = new ArrayList<>();
        for (String entry : header.split(",", -1)) {
            hops.add(address(entry.trim()));
        }
        return hops;
    }

    static List<Optional<String>> ofForwarded(String header) {
        List<Optional<String>> hops = new ArrayList<>();
        for (String element : splitOutsideQuotes(header, ',')) {
            for (String pair : splitOutsideQuotes(element, ';')) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("for")) {
                    hops.add(address(unquote(pair.substring(equals + 1).trim())));
                }
            }
        }
        return hops;
    }

    /** The address of one node: {@code 192.0.2.1}, {@code 192.0.2.1:8080}, {@code [2001:db8::1]:443} or a bare IPv6. */
    private static Optional<String> address(String node) {
        String host = node;
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0 || (close < node.length() - 1 && node.charAt(close + 1) != ':')) {
                return Optional.empty();
            }
            host = node.substring(1, close);
        } else if (node.indexOf(':') == node.lastIndexOf(':') && node.indexOf(':') > 0) {
            host = node.substring(0, node.indexOf(':')); // IPv4 with a port
        }
        return IpLiteral.normalise(host);
    }

    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < text.length()) {
                current.append(c);
                c = text.charAt(++i);
            } else if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
            return value;
        }
        return value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
    }
}
