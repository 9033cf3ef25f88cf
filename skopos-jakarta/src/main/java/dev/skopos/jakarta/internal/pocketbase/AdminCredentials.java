package dev.skopos.jakarta.internal.pocketbase;

import java.util.Objects;
import java.util.Optional;

/**
 * How the tracker logs in to PocketBase: as administrator (0.22) or superuser (0.23+), or, with an
 * {@code authCollection}, as a record of that auth collection whose API rules grant just what the tracker
 * needs. The password never appears in {@link #toString()}.
 */
public record AdminCredentials(String email, String password, Optional<String> authCollection) {
    public AdminCredentials {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(authCollection, "authCollection");
    }

    /** An administrator or superuser login. */
    public AdminCredentials(String email, String password) {
        this(email, password, Optional.empty());
    }

    @Override
    public String toString() {
        return "AdminCredentials[email=" + email + ", password=(hidden)"
                + authCollection.map(collection -> ", authCollection=" + collection).orElse("") + "]";
    }
}
