package dev.skopos.jakarta.internal.intake;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.net.IpLiteral;
import dev.skopos.jakarta.internal.website.WebsiteSettings;

import java.net.InetAddress;
import java.util.Optional;

/** The drop rules that depend on the website's live settings and the request. */
public final class TrafficFilter {
    /**
     * The last {@code Origin} header read and its host: nearly every request of a site comes from the site's own
     * pages, so this spares parsing the same URL again on each.
     */
    private volatile OriginHost lastOrigin;

    private record OriginHost(String origin, Optional<String> host) {
    }

    /** Why an event from this request is dropped regardless of its content, if it is. */
    public Optional<String> dropReason(WebsiteSettings website, RequestInfo request) {
        if (website.archived()) {
            return Optional.of("website is archived");
        }
        if (request.clientIp().isEmpty() || (website.ipBlacklist().isEmpty() && !website.disableLocalhostTracking())) {
            return Optional.empty();
        }
        String ip = request.clientIp().get();
        Optional<InetAddress> address = IpLiteral.parse(ip);
        if (isBlacklisted(website, ip, address)) {
            return Optional.of("client IP is blacklisted");
        }
        if (website.disableLocalhostTracking() && address.map(InetAddress::isLoopbackAddress).orElse(false)) {
            return Optional.of("loopback client and localhost tracking is disabled");
        }
        return Optional.empty();
    }

    /** Why a browser event for a page on {@code pageHost} is dropped by the domain rules, if it is. */
    public Optional<String> domainDropReason(WebsiteSettings website, String pageHost, RequestInfo request) {
        String site = website.domain();
        if (site.isEmpty()) {
            return Optional.empty();
        }
        if (!belongsTo(pageHost, site)) {
            return Optional.of("page host is not " + site + " or a subdomain");
        }
        if (request.origin().isPresent()
                && !hostOf(request.origin().get()).map(origin -> belongsTo(origin, site)).orElse(false)) {
            return Optional.of("Origin header is not " + site + " or a subdomain");
        }
        return Optional.empty();
    }

    /** The host of an {@code Origin} header, if it is an http(s) URL with one. */
    private Optional<String> hostOf(String origin) {
        OriginHost last = lastOrigin;
        if (last == null || !last.origin().equals(origin)) {
            last = new OriginHost(origin, PayloadValidator.parseHttpUrl(origin).map(PayloadValidator::hostOf));
            lastOrigin = last;
        }
        return last.host();
    }

    private static boolean isBlacklisted(WebsiteSettings website, String ip, Optional<InetAddress> address) {
        for (String listed : website.ipBlacklist()) {
            if (listed.equalsIgnoreCase(ip)
                    || (address.isPresent() && address.equals(IpLiteral.parse(listed.trim())))) {
                return true;
            }
        }
        return false;
    }

    private static boolean belongsTo(String host, String site) {
        return host.equals(site) || (host.endsWith(site) && host.charAt(host.length() - site.length() - 1) == '.');
    }
}
