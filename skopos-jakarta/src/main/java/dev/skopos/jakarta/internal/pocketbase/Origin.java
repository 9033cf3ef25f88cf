package dev.skopos.jakarta.internal.pocketbase;

import java.net.URI;
import java.util.Locale;

/**
 * Where PocketBase is, from its configured URL: scheme, host, port and the path it is served under (empty, or
 * such as {@code /pb} behind a reverse proxy).
 *
 * @param tls      whether the scheme is {@code https}
 * @param host     the host as the URL writes it, an IPv6 literal in brackets
 * @param port     the port, or the scheme's default
 * @param basePath the path before {@code /api}, without a trailing slash
 */
record Origin(boolean tls, String host, int port, String basePath) {

    static Origin of(URI baseUrl) {
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL with a host: " + baseUrl);
        }
        boolean tls = scheme.equals("https");
        int port = baseUrl.getPort() != -1 ? baseUrl.getPort() : tls ? 443 : 80;
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath().replaceAll("/+$", "");
        return new Origin(tls, baseUrl.getHost(), port, path);
    }

    /** The host to connect to and to check the certificate against: an IPv6 literal without its brackets. */
    String hostName() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** The {@code Host} header, and the target of a {@code CONNECT}. */
    String authority() {
        return host + ":" + port;
    }

    /** The origin as a URI, which the JVM's {@link java.net.ProxySelector} chooses a proxy for. */
    URI uri() {
        return URI.create((tls ? "https" : "http") + "://" + authority() + "/");
    }

    /** The request target of an API path such as {@code /api/batch}: origin-form, or absolute-form for a proxy. */
    String target(String apiPath, boolean absolute) {
        return absolute ? (tls ? "https" : "http") + "://" + authority() + basePath + apiPath : basePath + apiPath;
    }

    @Override
    public String toString() {
        return (tls ? "https" : "http") + "://" + authority() + basePath;
    }
}
