package dev.skopos.jakarta.internal.pocketbase;

/**
 * PocketBase refused the tracker's password login. The message names the cause and what to do about it, and the
 * account, never the password.
 */
public final class LoginRefusedException extends PocketBaseException {
    private static final long serialVersionUID = 1L;

    private final LoginRefusal refusal;

    public LoginRefusedException(LoginRefusal refusal, int status, String message) {
        super(status, message);
        this.refusal = refusal;
    }

    public LoginRefusal refusal() {
        return refusal;
    }

    /** The same refusal, thrown again without asking PocketBase. */
    LoginRefusedException again() {
        return new LoginRefusedException(refusal, status(), getMessage());
    }

    /** Passing, as far as the tracker can tell: its owner may fix it (credentials restored, MFA turned off). */
    @Override
    public boolean isCredentialsRejected() {
        return true;
    }
}
