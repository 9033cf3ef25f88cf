package dev.skopos.jakarta.pocketbase;

/** Body of both generations' password login. */
public record AuthRequest(String identity, String password) {
    @Override
    public String toString() {
        return "AuthRequest[identity=" + identity + ", password=(hidden)]";
    }
}
