package dev.skopos.jakarta.pipeline;

/** Why events were turned away, as counted in the tracker's status. */
public enum DropReason {
    /** Over the per-address rate limit ({@code skopos.rate-limit}). */
    RATE_LIMITED("rate-limited"),
    /** The browser asked not to be tracked (Global Privacy Control or Do Not Track, with
     * {@code skopos.respect-gpc}). */
    OPTED_OUT("opted-out"),
    /** The memory budget ({@code skopos.memory-budget}) had no room while PocketBase was slow or away. */
    MEMORY_BUDGET("memory-budget");

    private final String code;

    DropReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
