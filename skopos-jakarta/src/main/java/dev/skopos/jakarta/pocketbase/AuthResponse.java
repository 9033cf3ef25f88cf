package dev.skopos.jakarta.pocketbase;

/** The part of a login answer the tracker uses. */
public record AuthResponse(String token) {
    @Override
    public String toString() {
        return "AuthResponse[token=(hidden)]";
    }
}
