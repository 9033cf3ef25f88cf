package dev.skopos.jakarta.internal.pocketbase;

import dev.skopos.jakarta.internal.support.Sha256;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Record ids the tracker chooses itself, in PocketBase's own form (15 characters of {@code [a-z0-9]}), so that
 * a create repeated after a lost answer meets its first attempt instead of writing a second record.
 */
public final class RecordIds {
    private static final int LENGTH = 15;
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private RecordIds() {
    }

    /** A fresh id for a record only this writer creates (an event, a session). */
    public static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }

    /**
     * The id of the one record that {@code parts} name (a visitor of a website, a website's day), the same on
     * every attempt and in every instance.
     */
    public static String derived(String... parts) {
        byte[] digest = Sha256.digest(String.join("\n", parts));
        char[] id = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            id[i] = ALPHABET[(digest[i] & 0xff) % ALPHABET.length];
        }
        return new String(id);
    }
}
