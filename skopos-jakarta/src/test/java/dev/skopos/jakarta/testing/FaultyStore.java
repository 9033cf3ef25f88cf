package dev.skopos.jakarta.testing;

import dev.skopos.jakarta.internal.pocketbase.BatchRequest;
import dev.skopos.jakarta.internal.pocketbase.Filter;
import dev.skopos.jakarta.internal.pocketbase.LoginRefusal;
import dev.skopos.jakarta.internal.pocketbase.LoginRefusedException;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.store.RecordStore;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Stands between the tracker and the real PocketBase and makes chosen requests fail the way PocketBase or the
 * network can, which a healthy PocketBase cannot be made to do on cue, or the way nobody foresaw. Everything else
 * reaches the real one.
 */
public final class FaultyStore extends ForwardingStore {

    /** What goes wrong. */
    public enum Fault {
        /** PocketBase refuses the record's data (a 400 with a field error); nothing is saved. */
        REFUSED,
        /**
         * A batch refused whole with a 400 that names none of its writes, as a proxy's page or a PocketBase that
         * refuses a write without saying which would answer; nothing is saved.
         */
        REFUSED_WHOLE,
        /** PocketBase is overloaded (429); nothing is saved. */
        TOO_MANY_REQUESTS,
        /** PocketBase saves the write, then the answer is lost (a read timeout). */
        SAVED_THEN_TIMEOUT,
        /** PocketBase rejects the tracker's login while renewing its token; nothing is saved. */
        LOGIN_REJECTED,
        /**
         * The store throws what no answer of PocketBase's explains, as a fault in it or in what it runs on would:
         * an {@link IllegalStateException}; nothing is saved.
         */
        UNFORESEEN
    }

    /** What {@link Fault#UNFORESEEN} says, which no log line may quote. */
    public static final String UNFORESEEN_MESSAGE = "a fault nobody foresaw (injected)";

    /**
     * The record operations a fault can hit. A {@code BATCH} rule hits a batch holding a write whose fields
     * match; a {@code FIND} rule a search whose filter, as {@code {"filter": expression}}, matches.
     */
    public enum Operation { CREATE, UPDATE, BATCH, FIND }

    private record Rule(Fault fault, Operation operation, String collection, Predicate<JsonObject> body,
                        AtomicInteger remaining) {
        boolean takes(Operation op, String target, JsonObject fields) {
            return op == operation && target.equals(collection) && body.test(fields)
                    && remaining.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
        }
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final AtomicInteger injected = new AtomicInteger();

    public FaultyStore(RecordStore real) {
        super(real);
    }

    /** Fails the next {@code times} requests of {@code operation} on {@code collection}. */
    public FaultyStore fail(Fault fault, Operation operation, String collection, int times) {
        return fail(fault, operation, collection, fields -> true, times);
    }

    /** Fails the next {@code times} matching requests whose record fields satisfy {@code body}. */
    public FaultyStore fail(Fault fault, Operation operation, String collection, Predicate<JsonObject> body,
                            int times) {
        rules.add(new Rule(fault, operation, collection, body, new AtomicInteger(times)));
        return this;
    }

    /** How many faults were injected so far. */
    public int injected() {
        return injected.get();
    }

    @Override
    public List<JsonObject> find(String collection, Filter filter, int max) {
        return withFault(fault(Operation.FIND, collection, Json.createObjectBuilder()
                .add("filter", filter.expression()).build()), () -> real.find(collection, filter, max));
    }

    @Override
    public JsonObject create(String collection, JsonObject record) {
        return withFault(fault(Operation.CREATE, collection, record), () -> real.create(collection, record));
    }

    @Override
    public JsonObject update(String collection, String id, JsonObject changes) {
        return withFault(fault(Operation.UPDATE, collection, changes), () -> real.update(collection, id, changes));
    }

    @Override
    public List<JsonObject> batch(List<BatchRequest> writes) {
        return withFault(writes.stream().map(write -> fault(Operation.BATCH, write.collection(), write.body()))
                .flatMap(Optional::stream).findFirst(), () -> real.batch(writes));
    }

    private Optional<Fault> fault(Operation operation, String collection, JsonObject fields) {
        return rules.stream().filter(rule -> rule.takes(operation, collection, fields)).map(Rule::fault).findFirst();
    }

    private <T> T withFault(Optional<Fault> fault, Supplier<T> request) {
        if (fault.isEmpty()) {
            return request.get();
        }
        injected.incrementAndGet();
        switch (fault.get()) {
            case REFUSED -> throw new PocketBaseException(400, "Failed to create record.",
                    Map.of("eventData", "validation_invalid_json"));
            case REFUSED_WHOLE -> throw new PocketBaseException(400, "Something went wrong (injected).");
            case TOO_MANY_REQUESTS -> throw new PocketBaseException(429, "Too Many Requests.");
            case LOGIN_REJECTED -> throw new LoginRefusedException(LoginRefusal.CREDENTIALS, 400,
                    "PocketBase rejected the test's login");
            case SAVED_THEN_TIMEOUT -> {
                request.get();
                throw new PocketBaseException(0, "PocketBase did not answer in time (injected)");
            }
            case UNFORESEEN -> throw new IllegalStateException(UNFORESEEN_MESSAGE);
        }
        throw new AssertionError(fault.get());
    }
}
