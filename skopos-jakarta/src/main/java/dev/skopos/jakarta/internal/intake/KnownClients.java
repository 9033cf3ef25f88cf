package dev.skopos.jakarta.internal.intake;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The clients seen recently, and since when: a client seen again {@value #ESTABLISHED_AFTER_SECONDS} s or more
 * after it was first seen is established. A fixed table: each client hashes (under a key drawn at start) to a
 * bucket of {@value #SLOTS_PER_BUCKET} slots, each slot a fingerprint of the client with the second it was
 * first and last seen. A new client takes an empty slot, or the least recently seen one that is not an
 * established client still active; where every slot of its bucket is, it is not remembered. So however many
 * new addresses a flood cycles through, it displaces only other newcomers and clients gone quiet, never the
 * site's regular visitors. Thread-safe; two clients that claim one slot at the same moment may leave one of
 * them unremembered, which only delays when it counts as established.
 */
final class KnownClients {
    static final int ESTABLISHED_AFTER_SECONDS = 30;
    /** A client not seen for this long starts again as new. */
    static final int FORGOTTEN_AFTER_SECONDS = 30 * 60;
    /** The heap one slot takes: its identity and its last sighting. */
    static final long BYTES_PER_SLOT = 2L * Long.BYTES;
    private static final int SLOTS_PER_BUCKET = 4;

    /** Per slot: the client's fingerprint in the high half, the second it was first seen in the low half. */
    private final AtomicLongArray identities;
    private final AtomicLongArray lastSeen;
    private final int bucketMask;
    private final long seed;

    /** @param slots slots in the table, a power of two of at least {@value #SLOTS_PER_BUCKET} */
    KnownClients(int slots) {
        this(slots, new SecureRandom().nextLong());
    }

    KnownClients(int slots, long seed) {
        if (Integer.bitCount(slots) != 1 || slots < SLOTS_PER_BUCKET) {
            throw new IllegalArgumentException("slots must be a power of two of at least " + SLOTS_PER_BUCKET);
        }
        this.identities = new AtomicLongArray(slots);
        this.lastSeen = new AtomicLongArray(slots);
        this.bucketMask = slots / SLOTS_PER_BUCKET - 1;
        this.seed = seed;
    }

    /**
     * Notes that {@code client} is seen at {@code second} (seconds of the epoch) and says whether it was
     * established by then.
     */
    boolean seen(ClientKey client, long second) {
        long hash = client.hash(seed);
        int first = ((int) hash & bucketMask) * SLOTS_PER_BUCKET;
        // never zero: zero marks an empty slot
        long fingerprint = (hash >>> 32) | 1;
        int claim = -1;
        for (int slot = first; slot < first + SLOTS_PER_BUCKET; slot++) {
            long identity = identities.get(slot);
            if (identity >>> 32 == fingerprint && !forgotten(slot, second)) {
                lastSeen.set(slot, second);
                return second - firstSeen(identity) >= ESTABLISHED_AFTER_SECONDS;
            }
            if (!holdsActiveRegular(slot, identity, second)
                    && (claim < 0 || lastSeen.get(slot) < lastSeen.get(claim))) {
                claim = slot;
            }
        }
        if (claim >= 0) {
            long identity = identities.get(claim);
            if (identities.compareAndSet(claim, identity, (fingerprint << 32) | (second & 0xffffffffL))) {
                lastSeen.set(claim, second);
            }
        }
        return false;
    }

    private boolean holdsActiveRegular(int slot, long identity, long second) {
        return identity != 0 && !forgotten(slot, second)
                && second - firstSeen(identity) >= ESTABLISHED_AFTER_SECONDS;
    }

    private boolean forgotten(int slot, long second) {
        return second - lastSeen.get(slot) > FORGOTTEN_AFTER_SECONDS;
    }

    /** The epoch second a slot's client was first seen, kept in 32 bits: good until the year 2106. */
    private static long firstSeen(long identity) {
        return identity & 0xffffffffL;
    }
}
