package dev.skopos.jakarta.testing;

/**
 * Which Skopos dashboard's collections a test PocketBase 0.23+ holds, from the definitions users apply
 * ({@code server-config/pocketbase}). PocketBase 0.22 has one layout whichever is asked for: the daily summaries,
 * and every setting on {@code websites}.
 */
public enum DashboardLayout {
    /**
     * Today's dashboard (0.54's definitions): no {@code dash_sum} (it computes its figures from the raw records),
     * {@code storeRawIp} and {@code discardShortSessions} per website owner in {@code app_settings}, no
     * {@code websites.sdkVersion} and no {@code visitors.email}.
     */
    CURRENT("skopos-collections-v0.23.json"),
    /**
     * Dashboards before 0.38 (0.37's definitions): the daily summaries in {@code dash_sum}, every setting and
     * {@code sdkVersion} on {@code websites}.
     */
    BEFORE_0_38("skopos-collections-v0.23-dashboard-0.37.json");

    private final String definitions;

    DashboardLayout(String definitions) {
        this.definitions = definitions;
    }

    /** The definitions file in {@code server-config/pocketbase}. */
    String definitions() {
        return definitions;
    }
}
