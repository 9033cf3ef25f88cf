package dev.skopos.jakarta.intake;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.web.IpLiteral;
import dev.skopos.jakarta.website.WebsiteSettings;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** The drop rules that depend on the website's live settings and the request. */
public final class TrafficFilter {
    /** Why an event from this request is dropped regardless of its content, if it is. */
    public Optional<String> dropReason(WebsiteSettings website, RequestInfo request) {
        if (website.archived()) {
            return Optional.of("website is archived");
        }
        Optional<InetAddress> address = request.clientIp().flatMap(IpLiteral::parse);
        if (request.clientIp().map(ip -> isBlacklisted(website, ip, address)).orElse(false)) {
            return Optional.of("client IP is blacklisted");
        }
        if (website.disableLocalhostTracking() && address.map(InetAddress::isLoopbackAddress).orElse(false)) {
            return Optional.of("loopback client and localhost tracking is disabled");
        }
        return Optional.empty();
    }

    /** Why a browser event for {@code pageUrl} is dropped by the domain rules, if it is. */
    public Optional<String> domainDropReason(WebsiteSettings website, String pageUrl, RequestInfo request) {
        String site = website.domain();
        if (site.isEmpty()) {
            return Optional.empty();
        }
        if (!belongsTo(hostOf(pageUrl), site)) {
            return Optional.of("page host is not " + site + " or a subdomain");
        }
        if (request.origin().isPresent() && !belongsTo(hostOf(request.origin().get()), site)) {
            return Optional.of("Origin header is not " + site + " or a subdomain");
        }
        return Optional.empty();
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

    private static Optional<String> hostOf(String url) {
        return PayloadValidator.parseHttpUrl(url).map(URI::getHost)
                .map(host -> withoutTrailingDots(host.toLowerCase(Locale.ROOT)));
    }

    /** A fully qualified host ({@code example.com.}) is the same site as without its dot. */
    private static String withoutTrailingDots(String host) {
        int end = host.length();
        while (end > 0 && host.charAt(end - 1) == '.') {
            end--;
        }
        return host.substring(0, end);
    }

    private static boolean belongsTo(Optional<String> host, String site) {
        return host.map(h -> h.equals(site) || h.endsWith("." + site)).orElse(false);
    }
}
