package dev.skopos.jakarta.internal.pocketbase;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A PocketBase request that failed: either PocketBase answered with an error status, or it could not be
 * reached at all ({@link #status()} is 0). Messages carry PocketBase's own error text, never credentials.
 */
public class PocketBaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int NO_RESPONSE = 0;
    private static final String NOT_UNIQUE = "validation_not_unique";
    private static final String MISSING_RELATION = "validation_missing_rel_records";
    /** What a create whose id is already taken is answered with: by 0.22, by 0.23 to 0.23.5, and since 0.23.6. */
    private static final Set<String> ID_TAKEN = Set.of("validation_invalid_id", "validation_pk_invalid", NOT_UNIQUE);

    private final int status;
    private final Map<String, String> fieldErrors;
    private final String unavailableCollection;
    private boolean batchUnavailable;
    private int batchLimit;

    public PocketBaseException(int status, String message) {
        this(status, message, Map.of());
    }

    /** An error with PocketBase's validation codes per field, such as {@code validation_not_unique}. */
    public PocketBaseException(int status, String message, Map<String, String> fieldErrors) {
        this(status, message, fieldErrors, null);
    }

    private PocketBaseException(int status, String message, Map<String, String> fieldErrors,
                                String unavailableCollection) {
        super(message);
        this.status = status;
        this.fieldErrors = Map.copyOf(fieldErrors);
        this.unavailableCollection = unavailableCollection;
    }

    /** {@code failure} (a 404 or 403) meant that {@code collection} is missing or closed to the tracker's account. */
    static PocketBaseException collectionUnavailable(String collection, PocketBaseException failure) {
        String what = failure.isNotFound() ? "PocketBase has no collection '" + collection + "'"
                : "the tracker's account may not use PocketBase's collection '" + collection + "'";
        PocketBaseException e = new PocketBaseException(failure.status, what + " (" + failure.getMessage() + ")",
                failure.fieldErrors, collection);
        e.initCause(failure);
        return e;
    }

    /** {@code failure} meant that PocketBase takes no batches: 0.22, or 0.23+ with batches turned off. */
    static PocketBaseException batchUnavailable(PocketBaseException failure) {
        PocketBaseException e = new PocketBaseException(failure.status, "PocketBase takes no batch writes ("
                + failure.getMessage() + ")", failure.fieldErrors);
        e.batchUnavailable = true;
        e.initCause(failure);
        return e;
    }

    static PocketBaseException unreachable(String baseUrl, Throwable cause) {
        PocketBaseException e = new PocketBaseException(NO_RESPONSE,
                "PocketBase at " + baseUrl + " is unreachable: " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"));
        e.initCause(cause);
        return e;
    }

    /** HTTP status PocketBase answered with, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    public boolean isUnreachable() {
        return status == NO_RESPONSE;
    }

    /** PocketBase refused the token: 401, or 403 where a collection is reserved for administrators. */
    public boolean isAuthorizationRejected() {
        return status == 401 || status == 403;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    /** Worth retrying later: no answer, an overloaded or failing server, a refused token or login. */
    public boolean isTransient() {
        return isUnreachable() || status >= 500 || status == 429 || status == 408 || status == 401
                || isCredentialsRejected();
    }

    /** PocketBase refused the tracker's login (the credentials changed, or the account is gone). */
    public boolean isCredentialsRejected() {
        return false;
    }

    /** A batch was refused because PocketBase takes none (any more): its writes go one by one instead. */
    public boolean isBatchUnavailable() {
        return batchUnavailable;
    }

    /** PocketBase refused a batch for holding more writes than its {@code batch.maxRequests}, {@code limit}. */
    static PocketBaseException batchTooLong(int status, String message, int limit) {
        PocketBaseException e = new PocketBaseException(status, message);
        e.batchLimit = limit;
        return e;
    }

    /** A batch held more writes than PocketBase's {@code batch.maxRequests}: {@link #batchLimit()}. */
    public boolean isBatchTooLong() {
        return batchLimit > 0;
    }

    /** How many writes PocketBase takes in one batch, when it refused one as too long; else 0. */
    public int batchLimit() {
        return batchLimit;
    }

    /** The whole collection is missing or closed to the tracker's account, not just this request. */
    public boolean isCollectionUnavailable() {
        return unavailableCollection != null;
    }

    /** The collection that is missing or closed to the tracker, when that is what failed. */
    public Optional<String> unavailableCollection() {
        return Optional.ofNullable(unavailableCollection);
    }

    /**
     * Whether a write that failed this way keeps its record to try again: a passing failure, or a collection
     * its owner has to fix. Otherwise PocketBase refused the record's own data and no retry will change that.
     */
    public boolean keepsRecord() {
        return isTransient() || isCollectionUnavailable();
    }

    /** The write lost a race on some unique index. */
    public boolean isNotUniqueOnAnyField() {
        return fieldErrors.containsValue(NOT_UNIQUE);
    }

    /** A create named an id that a record already has. */
    public boolean isIdTaken() {
        String code = fieldErrors.get("id");
        return status == 400 && code != null && ID_TAKEN.contains(code);
    }

    /** A relation names a record that no longer exists (deleted behind the writer's back). */
    public boolean isMissingRelation() {
        return status == 400 && fieldErrors.containsValue(MISSING_RELATION);
    }
}
