package dev.skopos.jakarta.internal.pocketbase;

/** The two PocketBase API generations; they differ in how an administrator logs in. */
public enum ApiGeneration {
    /** PocketBase 0.23 and later: superusers are records of the {@code _superusers} collection. */
    V0_23("0.23+"),
    /** PocketBase 0.22 and earlier: a separate admins API. */
    V0_22("0.22");

    private final String label;

    ApiGeneration(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
