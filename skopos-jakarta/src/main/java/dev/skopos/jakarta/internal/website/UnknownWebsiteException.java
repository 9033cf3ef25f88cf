package dev.skopos.jakarta.internal.website;

/** PocketBase holds no {@code websites} record with the configured tracking id. */
public final class UnknownWebsiteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownWebsiteException(String trackingId, String pocketBaseUrl) {
        super("PocketBase at " + pocketBaseUrl + " has no websites record with trackingId '" + trackingId
                + "' (check skopos.site-id)");
    }
}
