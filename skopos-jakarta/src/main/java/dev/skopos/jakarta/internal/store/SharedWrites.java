package dev.skopos.jakarta.internal.store;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;

import java.io.StringReader;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * What waits in one shared entry to be written to PocketBase records, per key (a day, an error): what the
 * instances merged in and no write has taken yet, the write sent without confirmation, which is sent again
 * as it is rather than added twice, and which instance sent it without an answer yet: its request may still
 * land, so no other sends the key until it is answered or can no longer land ({@link InFlightWrites}). Every
 * change makes a new value.
 *
 * @param <P> what the instances merged in for a key
 * @param <U> a write of a key's record as sent
 * @param <S> the implementing type, which {@link #with} makes
 */
interface SharedWrites<P, U, S extends SharedWrites<P, U, S>> {
    /** Merged in and not yet in any write, by key. */
    Map<String, P> pending();

    /** Sent and not confirmed, by key. */
    Map<String, U> unconfirmed();

    /** By key of an unconfirmed write, the instance (its lease holder's name) that sent it and has no answer yet. */
    Map<String, String> sending();

    /** A value of the implementing type holding these. */
    S with(Map<String, P> pending, Map<String, U> unconfirmed, Map<String, String> sending);

    /**
     * The value an entry's JSON text holds, {@code none} without one.
     *
     * @param pendingOf a pending part as {@link #toJson} wrote it
     * @param writeOf   an unconfirmed write as {@link #toJson} wrote it
     */
    static <P, U, S extends SharedWrites<P, U, S>> S parse(Optional<String> text, S none,
                                                           Function<JsonObject, P> pendingOf,
                                                           Function<JsonObject, U> writeOf) {
        if (text.isEmpty()) {
            return none;
        }
        JsonObject json = JSON.createReader(new StringReader(text.get())).readObject();
        Map<String, P> pending = new TreeMap<>();
        json.getJsonObject("pending").forEach((key, value) -> pending.put(key, pendingOf.apply(value.asJsonObject())));
        Map<String, U> unconfirmed = new TreeMap<>();
        json.getJsonObject("unconfirmed").forEach((key, value) -> unconfirmed.put(key,
                writeOf.apply(value.asJsonObject())));
        Map<String, String> sending = new TreeMap<>();
        if (json.get("sending") instanceof JsonObject senders) {
            senders.forEach((key, sender) -> sending.put(key, ((JsonString) sender).getString()));
        }
        return none.with(pending, unconfirmed, sending);
    }

    /** The JSON text an entry keeps this value as, each part as {@code pendingJson} and {@code writeJson} make it. */
    default String toJson(Function<P, JsonObject> pendingJson, Function<U, JsonObject> writeJson) {
        JsonObjectBuilder pending = JSON.createObjectBuilder();
        pending().forEach((key, part) -> pending.add(key, pendingJson.apply(part)));
        JsonObjectBuilder unconfirmed = JSON.createObjectBuilder();
        unconfirmed().forEach((key, write) -> unconfirmed.add(key, writeJson.apply(write)));
        JsonObjectBuilder sending = JSON.createObjectBuilder();
        sending().forEach(sending::add);
        return JSON.createObjectBuilder().add("pending", pending).add("unconfirmed", unconfirmed)
                .add("sending", sending).build().toString();
    }

    default boolean isEmpty() {
        return pending().isEmpty() && unconfirmed().isEmpty();
    }

    /** Every key with something pending or unconfirmed, in order. */
    default SortedSet<String> keys() {
        SortedSet<String> keys = new TreeSet<>(pending().keySet());
        keys.addAll(unconfirmed().keySet());
        return keys;
    }

    /** The key's pending part, unless a write of the key waits for confirmation, which goes first. */
    default Optional<P> movable(String key) {
        return unconfirmed().containsKey(key) ? Optional.empty() : Optional.ofNullable(pending().get(key));
    }

    /**
     * With the key's pending part taken into {@code write}, which now waits for confirmation, about to be sent by
     * {@code sender}.
     */
    default S moved(String key, U write, String sender) {
        return moved(Map.of(key, write), sender);
    }

    /**
     * With the pending part of each key of {@code writes} taken into its write, which now waits for confirmation,
     * about to be sent by {@code sender}.
     */
    default S moved(Map<String, U> writes, String sender) {
        Map<String, P> rest = new TreeMap<>(pending());
        rest.keySet().removeAll(writes.keySet());
        Map<String, U> sent = new TreeMap<>(unconfirmed());
        sent.putAll(writes);
        Map<String, String> senders = new TreeMap<>(sending());
        writes.keySet().forEach(key -> senders.put(key, sender));
        return with(rest, sent, senders);
    }

    /** With the key's unconfirmed write about to be sent by {@code sender}. */
    default S sentBy(String key, String sender) {
        Map<String, String> senders = new TreeMap<>(sending());
        senders.put(key, sender);
        return with(pending(), unconfirmed(), senders);
    }

    /** With {@code sender}'s request for the key answered, though not taken: it will not land later. */
    @SuppressWarnings("unchecked")
    default S answered(String key, String sender) {
        if (!sender.equals(sending().get(key))) {
            return (S) this;
        }
        Map<String, String> senders = new TreeMap<>(sending());
        senders.remove(key);
        return with(pending(), unconfirmed(), senders);
    }

    /** Without those unconfirmed writes that are still {@code writes}: PocketBase took them, or refused them. */
    @SuppressWarnings("unchecked")
    default S confirmed(Map<String, U> writes) {
        Map<String, U> rest = new TreeMap<>(unconfirmed());
        writes.forEach(rest::remove);
        return rest.size() == unconfirmed().size() ? (S) this : with(pending(), rest, sendersOf(rest));
    }

    /** With the key's unconfirmed write {@code expected} replaced by {@code replacement}, or gone if null. */
    @SuppressWarnings("unchecked")
    default S withUnconfirmed(String key, U expected, U replacement) {
        if (!expected.equals(unconfirmed().get(key))) {
            return (S) this;
        }
        Map<String, U> writes = new TreeMap<>(unconfirmed());
        if (replacement == null) {
            writes.remove(key);
        } else {
            writes.put(key, replacement);
        }
        return with(pending(), writes, sendersOf(writes));
    }

    /** The senders of those of {@code writes} that have one: a write gone takes its sender with it. */
    private Map<String, String> sendersOf(Map<String, U> writes) {
        Map<String, String> senders = new TreeMap<>(sending());
        senders.keySet().retainAll(writes.keySet());
        return senders;
    }
}
