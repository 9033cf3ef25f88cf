package dev.skopos.jakarta.internal.website;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code websites.domain} setting as a bare host to compare page hosts with. Owners type it freely in the
 * dashboard ({@code https://www.Example.com:443/}, {@code example.com.}), and the reference SDK reads the host
 * out of whatever was typed; this does the same, without ever resolving a name: scheme, user info, port, path,
 * query and fragment are cut, the host is lower-cased, trailing dots and a leading {@code www.} are dropped,
 * and an internationalised name becomes its ASCII form, as browsers send it in page URLs.
 */
final class SiteDomain {
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");
    private static final String WWW = "www.";

    private SiteDomain() {
    }

    /** The bare host of {@code typed}; empty when nothing was typed. */
    static String normalise(String typed) {
        String host = SCHEME.matcher(typed.trim()).replaceFirst("");
        host = cutAt(host, '/', '?', '#');
        host = host.substring(host.lastIndexOf('@') + 1);
        host = withoutPort(host).toLowerCase(Locale.ROOT);
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.startsWith(WWW)) {
            host = host.substring(WWW.length());
        }
        return ascii(host);
    }

    private static String cutAt(String text, char... stops) {
        int end = text.length();
        for (char stop : stops) {
            int at = text.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return text.substring(0, end);
    }

    /** Drops {@code :port}, keeping a bracketed IPv6 literal whole. */
    private static String withoutPort(String hostAndPort) {
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            return close > 0 ? hostAndPort.substring(0, close + 1) : hostAndPort;
        }
        int colon = hostAndPort.indexOf(':');
        return colon >= 0 ? hostAndPort.substring(0, colon) : hostAndPort;
    }

    private static String ascii(String host) {
        try {
            return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return host;
        }
    }
}
