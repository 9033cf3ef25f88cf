package dev.skopos.jakarta.core;

import dev.skopos.jakarta.pocketbase.PocketBaseException;
import dev.skopos.jakarta.website.UnknownWebsiteException;

/**
 * Why the tracker is not connected to PocketBase, as a short code that is safe to show anyone: it names no
 * URL, account or exception. The details go to the log.
 */
public enum ConnectionProblem {
    /** The first attempt has not finished yet. */
    CONNECTING("connecting"),
    /** No answer from PocketBase. */
    UNREACHABLE("unreachable"),
    /** PocketBase refused the login. */
    CREDENTIALS("credentials"),
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

    public String code() {
        return code;
    }

    static ConnectionProblem of(RuntimeException failure) {
        if (failure instanceof UnknownWebsiteException) {
            return WEBSITE_MISSING;
        }
        if (failure instanceof PocketBaseException pocketBase) {
            if (pocketBase.isCredentialsRejected()) {
                return CREDENTIALS;
            }
            if (pocketBase.isUnreachable()) {
                return UNREACHABLE;
            }
            if (pocketBase.isCollectionUnavailable() && pocketBase.isNotFound()) {
                return COLLECTION_MISSING;
            }
            return pocketBase.isAuthorizationRejected() ? ACCESS_DENIED : POCKETBASE_ERROR;
        }
        return POCKETBASE_ERROR;
    }
}
