package dev.skopos.jakarta;

/**
 * Why the tracker is not connected to PocketBase, as a short code that is safe to show anyone: it names no
 * URL, account or exception. The details go to the log.
 */
public enum ConnectionProblem {
    /** The first attempt has not finished yet. */
    CONNECTING("connecting"),
    /** No answer from PocketBase. */
    UNREACHABLE("unreachable"),
    /** PocketBase rejected the e-mail or password. */
    CREDENTIALS("credentials"),
    /** PocketBase asks for a second factor (MFA), which a server cannot give. */
    MFA_REQUIRED("mfa-required"),
    /** PocketBase's superuser IP allowlist leaves out the tracker's address. */
    IP_NOT_ALLOWED("ip-not-allowed"),
    /** PocketBase refused the login otherwise (the auth collection missing, password login off, its auth rule). */
    LOGIN_REFUSED("login-refused"),
    /** The login worked, but PocketBase refused a request the tracker needs (its API rules). */
    ACCESS_DENIED("access-denied"),
    /** A collection the tracker writes is missing in PocketBase. */
    COLLECTION_MISSING("collection-missing"),
    /** No {@code websites} record has the configured tracking id. */
    WEBSITE_MISSING("website-missing"),
    /** PocketBase answered with another error. */
    POCKETBASE_ERROR("pocketbase-error"),
    /** The tracker has been shut down. */
    STOPPED("stopped");

    private final String code;

    ConnectionProblem(String code) {
        this.code = code;
    }

    /**
     * The code shown as {@code reason} in the readiness data.
     *
     * @return a short code, such as {@code unreachable}
     */
    public String code() {
        return code;
    }
}
