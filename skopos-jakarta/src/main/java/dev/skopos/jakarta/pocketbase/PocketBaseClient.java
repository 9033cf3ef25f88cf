package dev.skopos.jakarta.pocketbase;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import static dev.skopos.jakarta.support.JsonProviders.JSON;

/**
 * Authenticated access to PocketBase records for the tracker. Logs in as a record of the configured auth
 * collection, or as administrator on either API generation (0.23+ superuser first, then the 0.22 admins API,
 * remembering which answered; only this login tells the generations apart), logs in again
 * shortly before the token expires and once more whenever PocketBase rejects the token. Thread-safe.
 */
public final class PocketBaseClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PocketBaseClient.class.getName());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    private final PocketBaseApi api;
    private final RecordRequests records;
    private final URI baseUrl;
    private final AdminCredentials credentials;
    private final Clock clock;
    private final Object loginLock = new Object();
    private volatile ApiGeneration generation;
    private volatile AuthToken token;

    PocketBaseClient(PocketBaseApi api, RecordRequests records, URI baseUrl, AdminCredentials credentials,
                     Clock clock) {
        this.api = api;
        this.records = records;
        this.baseUrl = baseUrl;
        this.credentials = credentials;
        this.clock = clock;
    }

    /**
     * A client for the PocketBase at {@code baseUrl}: logins and the realtime subscription through the
     * MicroProfile Rest Client of the runtime, records through {@link RecordRequests}.
     */
    public static PocketBaseClient create(URI baseUrl, AdminCredentials credentials) {
        PocketBaseApi api = RestClientBuilder.newBuilder()
                .baseUri(baseUrl)
                // PocketBaseErrorMapper maps every error; the default mapper would also read MicroProfile Config
                // on each response, which fails while an undeployed WAR drains (its config file is gone)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .connectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .build(PocketBaseApi.class);
        return new PocketBaseClient(api, new RecordRequests(baseUrl, CONNECT_TIMEOUT, READ_TIMEOUT), baseUrl,
                credentials, Clock.systemUTC());
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** The generation that accepted the login, once one has. */
    public Optional<ApiGeneration> generation() {
        return Optional.ofNullable(generation);
    }

    /**
     * Logs in now and returns the generation that accepted it.
     *
     * @throws PocketBaseException when PocketBase is unreachable or rejects the credentials
     */
    public ApiGeneration login() {
        synchronized (loginLock) {
            token = AuthToken.of(authenticate().token());
            return generation;
        }
    }

    private AuthResponse authenticate() {
        AuthRequest request = new AuthRequest(credentials.email(), credentials.password());
        if (credentials.authCollection().isPresent()) {
            String collection = credentials.authCollection().get();
            return rejectedAsCredentials(() -> api.recordLogin(collection, request),
                    "the credentials of " + credentials.email() + " in the auth collection " + collection);
        }
        if (generation != null) {
            return authenticateAs(generation, request);
        }
        for (ApiGeneration candidate : ApiGeneration.values()) {
            try {
                AuthResponse response = authenticateAs(candidate, request);
                generation = candidate;
                LOG.fine(() -> "PocketBase at " + baseUrl + " speaks the " + candidate.label() + " API");
                return response;
            } catch (PocketBaseException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
        }
        throw new PocketBaseException(404, "PocketBase at " + baseUrl
                + " offers neither the superuser (0.23+) nor the admin (0.22) login");
    }

    private AuthResponse authenticateAs(ApiGeneration candidate, AuthRequest request) {
        return rejectedAsCredentials(() -> candidate == ApiGeneration.V0_23
                ? api.superuserLogin(request)
                : api.adminLogin(request), "the administrator credentials for " + credentials.email());
    }

    /** A login, its 400 answer reported as {@link CredentialsRejectedException} naming {@code whose}. */
    private AuthResponse rejectedAsCredentials(Supplier<AuthResponse> login, String whose) {
        try {
            return call(login);
        } catch (PocketBaseException e) {
            if (e.status() == 400) {
                throw new CredentialsRejectedException("PocketBase rejected " + whose
                        + " (check skopos.admin-email and skopos.admin-password)");
            }
            throw e;
        }
    }

    public Optional<JsonObject> findFirst(String collection, Filter filter) {
        return list(collection, filter, null, 1, 1).stream().findFirst();
    }

    /**
     * One page of records; {@code sort} may be null. The record methods report a collection that is missing
     * or closed to the account as {@link PocketBaseException#isCollectionUnavailable()}.
     */
    public List<JsonObject> list(String collection, Filter filter, String sort, int page, int perPage) {
        JsonObject result = inCollection(collection, true, t -> records.list(t, collection, filter, sort, page,
                perPage));
        JsonArray items = result.getJsonArray("items");
        return items == null ? List.of() : items.getValuesAs(JsonObject.class);
    }

    public JsonObject get(String collection, String id) {
        return inCollection(collection, false, t -> records.get(t, collection, id));
    }

    public JsonObject create(String collection, JsonObject record) {
        return inCollection(collection, true, t -> records.create(t, collection, record));
    }

    public JsonObject update(String collection, String id, JsonObject changes) {
        return inCollection(collection, false, t -> records.update(t, collection, id, changes));
    }

    /**
     * An authorized request to {@code collection}. A 403 that outlives a fresh login means the account may not
     * use the collection; a 404 means the collection is missing where the request names no record
     * ({@code notFoundIsCollection}), while for one record it means that record is gone.
     */
    private <T> T inCollection(String collection, boolean notFoundIsCollection, Function<String, T> request) {
        try {
            return authorized(request);
        } catch (PocketBaseException e) {
            if (e.status() == 403 || (notFoundIsCollection && e.isNotFound())) {
                throw PocketBaseException.collectionUnavailable(collection, e);
            }
            throw e;
        }
    }

    /**
     * Sends {@code writes} as one {@code /api/batch} request, which PocketBase runs in order in one transaction:
     * all of them land, or none. Returns the records as stored, in order.
     *
     * @throws BatchRequestFailedException when PocketBase refused one of the writes
     * @throws PocketBaseException         when the batch failed otherwise;
     *                                     {@link PocketBaseException#isBatchUnavailable()} when PocketBase takes
     *                                     no batches (0.22, or batches turned off)
     */
    public List<JsonObject> batch(List<BatchRequest> writes) {
        JsonArrayBuilder requests = JSON.createArrayBuilder();
        writes.forEach(write -> requests.add(write.toJson()));
        JsonObject body = JSON.createObjectBuilder().add("requests", requests).build();
        JsonArray answers;
        try {
            answers = authorized(t -> records.batch(t, body));
        } catch (BatchRequestFailedException e) {
            PocketBaseException failure = e.failure();
            // as for the same write alone: the account may not write the collection, or it is missing
            if (failure.status() == 403 || (failure.isNotFound() && writes.get(e.request()).id() == null)) {
                throw PocketBaseException.collectionUnavailable(writes.get(e.request()).collection(), failure);
            }
            throw e;
        } catch (PocketBaseException e) {
            throw e.status() == 403 || e.isNotFound() ? PocketBaseException.batchUnavailable(e) : e;
        }
        if (answers.size() != writes.size()) {
            throw PocketBaseException.unreachable(baseUrl.toString(), new IOException("PocketBase answered "
                    + answers.size() + " of the " + writes.size() + " writes of a batch"));
        }
        return answers.getValuesAs(JsonObject.class).stream().map(answer -> answer.getJsonObject("body")).toList();
    }

    /**
     * Whether PocketBase takes batches now: it answers an empty one as invalid when it does, and refuses it
     * (403, 0.23+ with batches off) or does not know it (404, 0.22) when it does not.
     *
     * @throws PocketBaseException when PocketBase fails otherwise
     */
    public boolean takesBatches() {
        JsonObject empty = JSON.createObjectBuilder().add("requests", JSON.createArrayBuilder()).build();
        try {
            // the token of the login just made: a 403 here is about batches, not worth logging in again for
            String current = currentToken();
            call(() -> records.batch(current, empty));
            return true;
        } catch (PocketBaseException e) {
            if (e.status() == 400) {
                return true;
            }
            if (e.status() == 403 || e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    /** Subscribes the realtime connection {@code clientId} to {@code topics}, as this administrator. */
    public void subscribe(String clientId, List<String> topics) {
        authorized(t -> {
            api.subscribe(t, new SubscribeRequest(clientId, topics));
            return null;
        });
    }

    /** Releases the connections of the record requests and of the Rest Client. */
    @Override
    public void close() {
        records.close();
        if (api instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "closing the PocketBase Rest Client failed", e);
            }
        }
    }

    private <T> T authorized(Function<String, T> request) {
        String current = currentToken();
        try {
            return call(() -> request.apply(current));
        } catch (PocketBaseException e) {
            if (!e.isAuthorizationRejected()) {
                throw e;
            }
            LOG.fine("PocketBase rejected the token; logging in again");
            String renewed = renewToken(current);
            return call(() -> request.apply(renewed));
        }
    }

    private String currentToken() {
        AuthToken held = token;
        if (held == null || held.needsRefresh(clock.instant())) {
            return renewToken(held == null ? null : held.value());
        }
        return held.value();
    }

    /** Logs in again unless another thread already replaced {@code stale}. */
    private String renewToken(String stale) {
        synchronized (loginLock) {
            AuthToken held = token;
            if (held != null && !held.value().equals(stale) && !held.needsRefresh(clock.instant())) {
                return held.value();
            }
            login();
            return token.value();
        }
    }

    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (ProcessingException e) {
            if (e.getCause() instanceof PocketBaseException answered) {
                throw answered;
            }
            throw PocketBaseException.unreachable(baseUrl.toString(), e.getCause() == null ? e : e.getCause());
        }
    }
}
