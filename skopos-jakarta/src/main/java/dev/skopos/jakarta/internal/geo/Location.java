package dev.skopos.jakarta.internal.geo;

/**
 * Where a visitor is, as the Skopos dashboard stores it on a session.
 *
 * @param country ISO 3166-1 alpha-2 code (the dashboard's world map reads codes), or {@code Unknown}
 * @param state   name of the region, state or province, or {@code Unknown}
 */
public record Location(String country, String state) {
    public static final String UNKNOWN_VALUE = "Unknown";
    public static final Location UNKNOWN = new Location(UNKNOWN_VALUE, UNKNOWN_VALUE);
}
