package dev.skopos.jakarta.internal.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IPv4 and IPv6 address literals, parsed without ever resolving a host name, and written in one canonical
 * form: dotted IPv4, and IPv6 in lower case with the longest run of zero groups shortened to {@code ::}
 * (RFC 5952). An IPv4-mapped IPv6 address is the IPv4 address it maps.
 */
public final class IpLiteral {
    private IpLiteral() {
    }

    /** The address {@code text} spells, with or without brackets; empty for anything else, host names included. */
    public static Optional<InetAddress> parse(String text) {
        String candidate = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!(isDottedQuad(candidate) || isIpv6Shaped(candidate))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(candidate));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Four groups of one to three digits, separated by dots; the JDK checks each group's range. */
    private static boolean isDottedQuad(String text) {
        int groups = 1;
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (digits == 0 || ++groups > 4) {
                    return false;
                }
                digits = 0;
            } else if (c < '0' || c > '9' || ++digits > 3) {
                return false;
            }
        }
        return groups == 4 && digits > 0;
    }

    /**
     * Hexadecimal digits, colons (at least one) and dots, then maybe a {@code %zone} of word characters and
     * dots: nothing the JDK could take for a host name to resolve. The JDK checks the rest.
     */
    private static boolean isIpv6Shaped(String text) {
        int zone = text.indexOf('%');
        String address = zone < 0 ? text : text.substring(0, zone);
        if (address.isEmpty() || address.indexOf(':') < 0
                || !address.chars().allMatch(c -> isAsciiHexDigit(c) || c == ':' || c == '.')) {
            return false;
        }
        return zone < 0 || (zone < text.length() - 1 && text.substring(zone + 1).chars()
                .allMatch(c -> c == '.' || c == '_' || (c < 128 && Character.isLetterOrDigit(c))));
    }

    private static boolean isAsciiHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** {@code text} in canonical form if it is an address literal. */
    public static Optional<String> normalise(String text) {
        return parse(text.trim()).map(IpLiteral::format);
    }

    /** The canonical form of an address; an IPv6 zone is left out. */
    public static String format(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened
        for (int start = 0; start < 8; start++) {
            int length = 0;
            while (start + length < 8 && groups[start + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = start;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
