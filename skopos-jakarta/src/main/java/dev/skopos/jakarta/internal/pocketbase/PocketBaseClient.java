package dev.skopos.jakarta.internal.pocketbase;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * Authenticated access to PocketBase records for the tracker. Logs in as a record of the configured auth
 * collection, or as administrator on either API generation (0.23+ superuser first, then the 0.22 admins API,
 * remembering which answered; only this login tells the generations apart), and keeps its token valid by
 * renewing it ({@link Authentication}): a password login only when renewal fails. Every request, and the realtime
 * event stream, goes through one HTTP client ({@link PocketBaseHttp}), with the JVM's proxy and TLS settings.
 * Thread-safe.
 */
public final class PocketBaseClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PocketBaseClient.class.getName());

    private final PocketBaseHttp http;
    private final RecordRequests records;
    private final Authentication authentication;
    private final URI baseUrl;

    private PocketBaseClient(PocketBaseHttp http, URI baseUrl, AdminCredentials credentials, Clock clock) {
        this.http = http;
        this.records = new RecordRequests(http);
        this.authentication = new Authentication(new LoginRequests(http, credentials), clock);
        this.baseUrl = baseUrl;
    }

    /** A client for the PocketBase at {@code baseUrl} ({@code http} or {@code https}). */
    public static PocketBaseClient create(URI baseUrl, AdminCredentials credentials) {
        return create(baseUrl, credentials, Clock.systemUTC(), PocketBaseHttp.REQUEST_DEADLINE,
                PocketBaseHttp.MAX_ANSWER_BYTES);
    }

    /** The same with the clock tokens and idle connections are timed by, a request's deadline and answers' limit. */
    static PocketBaseClient create(URI baseUrl, AdminCredentials credentials, Clock clock, Duration requestDeadline,
                                   long maxAnswerBytes) {
        return new PocketBaseClient(new PocketBaseHttp(Origin.of(baseUrl), requestDeadline, maxAnswerBytes, clock),
                baseUrl, credentials, clock);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** The generation that accepted the login, once one has. */
    public Optional<ApiGeneration> generation() {
        return authentication.generation();
    }

    /**
     * Logs in with the password now and returns the generation that accepted it (null for a record of an auth
     * collection). The other methods log in by themselves when they need to.
     *
     * @throws LoginRefusedException when PocketBase refuses the login
     * @throws PocketBaseException   when PocketBase is unreachable or fails otherwise
     */
    public ApiGeneration login() {
        return authentication.login();
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
        return result.getJsonArray("items").getValuesAs(JsonObject.class);
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
     * An authorized request to {@code collection}. A 403 that outlives a renewed token means the account may not
     * use the collection; a 404 means the collection is missing where the request names no record
     * ({@code notFoundIsCollection}), while for one record it means that record is gone.
     */
    private <T> T inCollection(String collection, boolean notFoundIsCollection, Function<String, T> request) {
        try {
            return authorized(request);
        } catch (PocketBaseException e) {
            if (!e.isCredentialsRejected() && (e.status() == 403 || (notFoundIsCollection && e.isNotFound()))) {
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
            throw !e.isCredentialsRejected() && (e.status() == 403 || e.isNotFound())
                    ? PocketBaseException.batchUnavailable(e) : e;
        }
        if (answers.size() != writes.size()) {
            throw http.unreachable(new IOException("PocketBase answered "
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
        // a 403 here is about batches, not the token: not worth renewing it for
        String token = authentication.token();
        try {
            records.batch(token, empty);
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

    /**
     * Subscribes the realtime connection {@code clientId} to {@code topics}, as this account: the same way as the
     * stream ({@link #openRealtimeStream()}), since PocketBase 0.38.2 takes a subscription only from the address
     * its stream comes from.
     */
    public void subscribe(String clientId, List<String> topics) {
        JsonArrayBuilder subscriptions = JSON.createArrayBuilder();
        topics.forEach(subscriptions::add);
        JsonObject body = JSON.createObjectBuilder().add("clientId", clientId).add("subscriptions", subscriptions)
                .build();
        authorized(t -> http.send(PocketBaseRequest.json("POST", "/api/realtime", t, body)));
    }

    /** PocketBase's realtime event stream, on a connection of its own. */
    EventStreamConnection openRealtimeStream() throws IOException {
        return http.openEventStream("/api/realtime");
    }

    /** Releases the idle connections. */
    @Override
    public void close() {
        http.close();
    }

    /** {@code request} with a valid token; once more with a renewed one when PocketBase rejects the token. */
    private <T> T authorized(Function<String, T> request) {
        String current = authentication.token();
        try {
            return request.apply(current);
        } catch (PocketBaseException e) {
            if (!e.isAuthorizationRejected()) {
                throw e;
            }
            LOG.fine("PocketBase rejected the token; renewing it");
            return request.apply(authentication.replace(current));
        }
    }
}
