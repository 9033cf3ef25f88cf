package dev.skopos.jakarta.internal.website;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code websites} record's settings as the tracker applies them; replaced whole whenever the record
 * changes in PocketBase.
 *
 * @param id                       PocketBase record id
 * @param owner                    the id of the dashboard user who owns the website ({@code websites.user});
 *                                 empty when it has none
 * @param name                     display name
 * @param trackingId               the site id events are tracked under
 * @param domain                   the site's bare host ({@code example.com} for {@code https://www.example.com/});
 *                                 empty when not set
 * @param ipBlacklist              client IPs whose events are dropped
 * @param disableLocalhostTracking whether events from loopback addresses are dropped
 * @param archived                 whether nothing is recorded
 * @param storeRawIp               whether sessions keep the client IP
 * @param discardShortSessions     whether sessions count in summaries only once they prove real
 * @see OwnerSettings where dashboards since 0.46 keep the last two
 */
public record WebsiteSettings(
        String id,
        String owner,
        String name,
        String trackingId,
        String domain,
        Set<String> ipBlacklist,
        boolean disableLocalhostTracking,
        boolean archived,
        boolean storeRawIp,
        boolean discardShortSessions) {

    public WebsiteSettings {
        ipBlacklist = Set.copyOf(ipBlacklist);
    }

    public static WebsiteSettings fromRecord(JsonObject record) {
        return new WebsiteSettings(
                record.getString("id"),
                record.getString("user", ""),
                record.getString("name", ""),
                record.getString("trackingId", ""),
                SiteDomain.normalise(record.getString("domain", "")),
                ipList(record.get("ipBlacklist")),
                record.getBoolean("disableLocalhostTracking", false),
                record.getBoolean("isArchived", false),
                record.getBoolean("storeRawIp", false),
                record.getBoolean("discardShortSessions", false));
    }

    /** These settings with the owner's, where the dashboard keeps those per owner. */
    public WebsiteSettings with(OwnerSettings settings) {
        return new WebsiteSettings(id, owner, name, trackingId, domain, ipBlacklist, disableLocalhostTracking, archived,
                settings.storeRawIp(), settings.discardShortSessions());
    }

    private static Set<String> ipList(JsonValue value) {
        if (!(value instanceof JsonArray array)) {
            return Set.of();
        }
        return array.stream()
                .filter(JsonString.class::isInstance)
                .map(entry -> ((JsonString) entry).getString().trim())
                .filter(ip -> !ip.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
