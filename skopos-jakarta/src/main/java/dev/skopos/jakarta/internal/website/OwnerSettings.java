package dev.skopos.jakarta.internal.website;

import jakarta.json.JsonObject;

import java.util.List;

/**
 * The two settings that Skopos dashboards since 0.46 keep per website owner rather than on the website: one
 * {@code app_settings} record per owner and key ({@code user}, {@code key}, {@code value} as text, {@code "true"}
 * when on). A key without a record is off, as the dashboard reads it.
 *
 * @param storeRawIp           whether sessions keep the client IP
 * @param discardShortSessions whether sessions count in summaries only once they prove real
 */
public record OwnerSettings(boolean storeRawIp, boolean discardShortSessions) {
    public static final String STORE_RAW_IP = "storeRawIp";
    public static final String DISCARD_SHORT_SESSIONS = "discardShortSessions";
    /** The keys of the {@code app_settings} records the tracker reads. */
    public static final List<String> KEYS = List.of(STORE_RAW_IP, DISCARD_SHORT_SESSIONS);
    /** An owner without settings records. */
    public static final OwnerSettings NONE = new OwnerSettings(false, false);

    /** The settings of the owner's {@code app_settings} records; records of other keys are ignored. */
    public static OwnerSettings of(List<JsonObject> appSettings) {
        OwnerSettings settings = NONE;
        for (JsonObject record : appSettings) {
            settings = settings.changed(record, false);
        }
        return settings;
    }

    /** These settings after {@code record} was saved, or deleted, in PocketBase. */
    public OwnerSettings changed(JsonObject record, boolean deleted) {
        boolean on = !deleted && "true".equals(record.getString("value", "").trim());
        return switch (record.getString("key", "")) {
            case STORE_RAW_IP -> new OwnerSettings(on, discardShortSessions);
            case DISCARD_SHORT_SESSIONS -> new OwnerSettings(storeRawIp, on);
            default -> this;
        };
    }
}
