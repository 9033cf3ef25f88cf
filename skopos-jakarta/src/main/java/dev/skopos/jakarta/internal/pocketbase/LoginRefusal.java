package dev.skopos.jakarta.internal.pocketbase;

/** Why PocketBase refused the tracker's password login. */
public enum LoginRefusal {
    /** The e-mail or password is wrong, or the account is gone (400). */
    CREDENTIALS,
    /**
     * The account's collection asks for a second factor (MFA, PocketBase 0.23+: 401 with an {@code mfaId}), which
     * a server cannot give.
     */
    SECOND_FACTOR,
    /** The superuser IP allowlist (PocketBase 0.38+, {@code superuserIPs}) leaves out the tracker's address (403). */
    ADDRESS_NOT_ALLOWED,
    /** Any other refusal: the auth collection missing, its password login turned off, its auth rule not met. */
    OTHER
}
