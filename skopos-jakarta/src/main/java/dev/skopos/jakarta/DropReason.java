package dev.skopos.jakarta;

/**
 * Why an event was not stored. Most reasons turn an event away before it is accepted (the tracking call
 * returns false); the last four give up on an event the tracker had accepted, and are the only losses of
 * accepted data.
 */
public enum DropReason {
    /** A request body over the endpoint's size limit, refused unread. */
    TOO_LARGE("too-large", false),
    /** Over the per-address rate limit ({@code skopos.rate-limit}). */
    RATE_LIMITED("rate-limited", false),
    /**
     * From a request without a usable client address, over the one allowance all such requests share apart
     * from the site's addressed traffic: usually a proxy that is not in {@code skopos.trusted-proxies}.
     */
    NO_ADDRESS_LIMITED("no-address-limited", false),
    /**
     * Over the site's ceiling ({@code skopos.site-rate-limit}), or from a new client while the memory budget is
     * nearly full: room kept for the site's established visitors.
     */
    SITE_LIMITED("site-limited", false),
    /** The browser asked not to be tracked (Global Privacy Control or Do Not Track, with
     * {@code skopos.respect-gpc}). */
    OPTED_OUT("opted-out", false),
    /** Not a JSON object, not a valid payload, or a name or data over the limits. */
    INVALID("invalid", false),
    /** A bot, a blocked address or user agent, localhost, or a page of another domain. */
    FILTERED("filtered", false),
    /** The memory budget ({@code skopos.memory-budget}) had no room while PocketBase was slow or away. */
    MEMORY_BUDGET("memory-budget", false),
    /** The durable spool's disk budget ({@code skopos.spool-max-bytes}) had no room while PocketBase was away. */
    SPOOL_FULL("spool-full", false),
    /**
     * Accepted before the website's settings were first loaded, then filtered by them (another domain, a
     * blocked address, localhost, an archived site) or found to be a bot's: the call could not tell yet.
     */
    FILTERED_AFTER_LOAD("filtered-after-load", true),
    /** PocketBase refused the record's data for good (a 400 answer); retrying would not change that. */
    REFUSED("refused", true),
    /**
     * Writing the record failed in a way nobody foresaw: an exception that is no answer of PocketBase's, from the
     * store, the shared state or the tracker's own code. A retry would meet it again, so the record is set aside
     * and the rest of its lane goes on; each cause is logged once, at SEVERE.
     */
    FAILED("failed", true),
    /** Still queued when shutdown's wait for PocketBase ran out. */
    SHUTDOWN("shutdown", true);

    private final String code;
    private final boolean afterAcceptance;

    DropReason(String code, boolean afterAcceptance) {
        this.code = code;
        this.afterAcceptance = afterAcceptance;
    }

    /**
     * A short name for health data and metrics tags.
     *
     * @return the name, such as {@code memory-budget}
     */
    public String code() {
        return code;
    }

    /**
     * Whether the event had been accepted before it was given up.
     *
     * @return true for reasons that give up an accepted event
     */
    public boolean afterAcceptance() {
        return afterAcceptance;
    }
}
