package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.pocketbase.RecordIds;
import jakarta.json.JsonObject;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * Creates records under ids the tracker chose ({@link RecordIds}). When the answer to a create is lost (a
 * timeout after PocketBase saved it), the retry finds the id taken and knows the record is the one its own
 * earlier attempt wrote; without an earlier attempt, a taken id means another writer created it first. Shared
 * by the writer's lanes, which never create the same record at once; remembers a bounded number of unanswered
 * attempts. Thread-safe.
 */
public final class IdempotentCreates {
    private static final int REMEMBERED_ATTEMPTS = 10_000;

    private final RecordStore store;
    private final Set<String> unanswered = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_ATTEMPTS;
        }
    }));

    /** Who created a record the tracker asked PocketBase to create. */
    public enum Outcome {
        /** This request: the record holds what it sent. */
        CREATED,
        /**
         * An earlier attempt of this writer whose answer was lost: the record holds what that attempt sent, which
         * what waited since may have grown beyond.
         */
        CREATED_BY_EARLIER_ATTEMPT,
        /** Another writer, first. */
        CREATED_BY_ANOTHER;

        /** Whether this writer created the record, now or earlier. */
        public boolean ours() {
            return this != CREATED_BY_ANOTHER;
        }

        /** What a create found taken means, given whether this writer had sent it before. */
        static Outcome taken(boolean attemptedBefore) {
            return attemptedBefore ? CREATED_BY_EARLIER_ATTEMPT : CREATED_BY_ANOTHER;
        }
    }

    public IdempotentCreates(RecordStore store) {
        this.store = store;
    }

    /**
     * Creates {@code fields} as record {@code id} of {@code collection}.
     *
     * @return who created the record
     * @throws PocketBaseException when PocketBase fails or refuses the record; a retry after a transient
     *                             failure is recognised
     */
    public Outcome create(String collection, String id, JsonObject fields) {
        boolean attemptedBefore = attempted(id);
        try {
            store.create(collection, JSON.createObjectBuilder(fields).add("id", id).build());
            answered(id);
            return Outcome.CREATED;
        } catch (PocketBaseException e) {
            if (e.isIdTaken() || (e.status() == 400 && exists(collection, id))) {
                answered(id);
                return Outcome.taken(attemptedBefore);
            }
            if (!e.isTransient()) {
                answered(id);
            }
            throw e;
        }
    }

    /** A create of {@code id} is about to be sent; returns whether one was sent before and never answered. */
    boolean attempted(String id) {
        return !unanswered.add(id);
    }

    /** PocketBase answered the create of {@code id}: whether it holds the record is known. */
    void answered(String id) {
        unanswered.remove(id);
    }

    /**
     * Whether record {@code id} exists, after PocketBase refused its create without naming the id: two writers
     * creating the same id at the same moment both pass PocketBase's check that it is free, and the one whose
     * insert the database then refuses is only told "Failed to create record".
     */
    private boolean exists(String collection, String id) {
        try {
            store.get(collection, id);
            return true;
        } catch (PocketBaseException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    /** Whether a create of {@code id} was sent and never answered, so the record may exist without being known. */
    public boolean unanswered(String id) {
        return unanswered.contains(id);
    }
}
