package dev.skopos.jakarta.internal.core;

import dev.skopos.jakarta.ConnectionProblem;
import dev.skopos.jakarta.internal.pocketbase.LoginRefusedException;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.website.UnknownWebsiteException;

/** Which {@link ConnectionProblem} a failure to connect or to write is. */
final class ConnectionProblems {
    private ConnectionProblems() {
    }

    static ConnectionProblem of(RuntimeException failure) {
        if (failure instanceof UnknownWebsiteException) {
            return ConnectionProblem.WEBSITE_MISSING;
        }
        if (failure instanceof PocketBaseException pocketBase) {
            if (pocketBase instanceof LoginRefusedException refused) {
                return switch (refused.refusal()) {
                    case CREDENTIALS -> ConnectionProblem.CREDENTIALS;
                    case SECOND_FACTOR -> ConnectionProblem.MFA_REQUIRED;
                    case ADDRESS_NOT_ALLOWED -> ConnectionProblem.IP_NOT_ALLOWED;
                    case OTHER -> ConnectionProblem.LOGIN_REFUSED;
                };
            }
            if (pocketBase.isUnreachable()) {
                return ConnectionProblem.UNREACHABLE;
            }
            if (pocketBase.isCollectionUnavailable() && pocketBase.isNotFound()) {
                return ConnectionProblem.COLLECTION_MISSING;
            }
            return pocketBase.isAuthorizationRejected()
                    ? ConnectionProblem.ACCESS_DENIED
                    : ConnectionProblem.POCKETBASE_ERROR;
        }
        return ConnectionProblem.POCKETBASE_ERROR;
    }
}
