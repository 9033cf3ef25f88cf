package dev.skopos.jakarta.internal.config;

import java.util.Locale;

/** The MicroProfile Config properties the tracker reads, with the environment variable each maps to. */
public enum SkoposProperty {
    SITE_ID("skopos.site-id"),
    POCKETBASE_URL("skopos.pocketbase-url"),
    ADMIN_EMAIL("skopos.admin-email"),
    ADMIN_PASSWORD("skopos.admin-password"),
    AUTH_COLLECTION("skopos.auth-collection"),
    BATCH("skopos.batch"),
    BATCH_INTERVAL("skopos.batch-interval"),
    MAX_BATCH_SIZE("skopos.max-batch-size"),
    WRITE_CONCURRENCY("skopos.write-concurrency"),
    SESSION_TIMEOUT("skopos.session-timeout"),
    JS_ERROR_BATCH_INTERVAL("skopos.js-error-batch-interval"),
    MEMORY_BUDGET("skopos.memory-budget"),
    GEOIP_DATABASE("skopos.geoip-database"),
    TRUSTED_PROXIES("skopos.trusted-proxies"),
    FORWARDED_HEADER("skopos.forwarded-header"),
    READINESS_FOLLOWS_POCKETBASE("skopos.readiness-follows-pocketbase"),
    VISITOR_ID_SECRET("skopos.visitor-id-secret"),
    VISITOR_ID_ROTATION("skopos.visitor-id-rotation"),
    RATE_LIMIT("skopos.rate-limit"),
    RATE_LIMIT_IPV6_PREFIX("skopos.rate-limit-ipv6-prefix"),
    SITE_RATE_LIMIT("skopos.site-rate-limit"),
    RESPECT_GPC("skopos.respect-gpc"),
    SHARED_STATE("skopos.shared-state"),
    ENDPOINT_ENABLED("skopos.endpoint.enabled"),
    SPOOL_DIRECTORY("skopos.spool-directory"),
    SPOOL_SYNC_INTERVAL("skopos.spool-sync-interval"),
    SPOOL_MAX_BYTES("skopos.spool-max-bytes");

    private final String key;

    SkoposProperty(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The name MicroProfile Config also accepts from the environment, e.g. {@code SKOPOS_SITE_ID}. */
    public String environmentVariable() {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    String describe() {
        return key + " (environment variable " + environmentVariable() + ")";
    }
}
