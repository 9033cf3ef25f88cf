package dev.skopos.jakarta.pocketbase;

/** PocketBase refused the tracker's login. The message names the account, never the password. */
public final class CredentialsRejectedException extends PocketBaseException {
    private static final long serialVersionUID = 1L;

    public CredentialsRejectedException(String message) {
        super(400, message);
    }

    /** Passing, as far as the tracker can tell: the credentials may work again (restored, account re-created). */
    @Override
    public boolean isCredentialsRejected() {
        return true;
    }
}
