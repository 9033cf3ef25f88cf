package dev.skopos.jakarta.pocketbase;

import java.util.Objects;

/** PocketBase admin (0.22) or superuser (0.23+) login. The password never appears in {@link #toString()}. */
public record AdminCredentials(String email, String password) {
    public AdminCredentials {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "AdminCredentials[email=" + email + ", password=(hidden)]";
    }
}
