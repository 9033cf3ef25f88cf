package dev.skopos.jakarta.internal.pocketbase;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The token the tracker's requests carry, kept the way a long-running service keeps it: renewed through
 * {@code auth-refresh} once half its lifetime has passed, and when PocketBase rejects it; a password login only
 * when there is no token yet, it has expired, or PocketBase refuses to renew it. (Each password login from a new
 * address may send the owner an alert e-mail, and with MFA on PocketBase refuses it where a renewal passes.)
 * After PocketBase refused a password login, none is tried for {@link #REFUSAL_PAUSE}: meanwhile every caller
 * gets the same refusal without PocketBase being asked. Thread-safe.
 */
final class Authentication {
    private static final Logger LOG = Logger.getLogger(Authentication.class.getName());
    static final Duration REFUSAL_PAUSE = Duration.ofSeconds(10);

    private final LoginRequests logins;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile AuthToken token;
    private volatile ApiGeneration generation;
    private LoginRefusedException refused;
    private Instant refusedUntil = Instant.MIN;

    Authentication(LoginRequests logins, Clock clock) {
        this.logins = logins;
        this.clock = clock;
    }

    /** The administrator API generation that accepted a password login, once one has. */
    Optional<ApiGeneration> generation() {
        return Optional.ofNullable(generation);
    }

    /**
     * Logs in with the password now, refused or not before.
     *
     * @return the generation of the administrator API, or null for a record of an auth collection
     */
    ApiGeneration login() {
        synchronized (lock) {
            refusedUntil = Instant.MIN;
            passwordLogin();
            return generation;
        }
    }

    /** A valid token: the one held, renewed first when that is due. */
    String token() {
        AuthToken held = token;
        if (held != null && !held.renewalDue(clock.instant())) {
            return held.value();
        }
        synchronized (lock) {
            held = token;
            Instant now = clock.instant();
            if (held != null && !held.renewalDue(now)) {
                return held.value();
            }
            return (held == null || held.expired(now) ? passwordLogin() : renew(held, true)).value();
        }
    }

    /** A token to replace {@code rejected}, which PocketBase just refused: another thread's, or a renewed one. */
    String replace(String rejected) {
        synchronized (lock) {
            AuthToken held = token;
            Instant now = clock.instant();
            if (held != null && !held.value().equals(rejected) && !held.renewalDue(now)) {
                return held.value();
            }
            return (held == null || held.expired(now) ? passwordLogin() : renew(held, false)).value();
        }
    }

    /**
     * Renews {@code held}; a password login when PocketBase refuses. When PocketBase cannot be asked, keeps
     * {@code held} if {@code keepWhenAway} (it is still valid), else throws.
     */
    private AuthToken renew(AuthToken held, boolean keepWhenAway) {
        try {
            return accept(logins.refresh(held.value(), generation()));
        } catch (PocketBaseException e) {
            if (e.isUnreachable() || e.status() >= 500 || e.status() == 429) {
                if (!keepWhenAway) {
                    throw e;
                }
                LOG.fine(() -> "Could not renew the PocketBase token yet (" + e.getMessage() + ")");
                return held;
            }
            LOG.fine(() -> "PocketBase did not renew the token (" + e.getMessage() + "); logging in with the password");
            return passwordLogin();
        }
    }

    private AuthToken passwordLogin() {
        Instant now = clock.instant();
        if (refused != null && now.isBefore(refusedUntil)) {
            throw refused.again();
        }
        try {
            LoginRequests.Login login = logins.withPassword(generation());
            login.generation().ifPresent(answered -> generation = answered);
            refused = null;
            return accept(login.token());
        } catch (LoginRefusedException e) {
            token = null;
            refused = e;
            refusedUntil = now.plus(REFUSAL_PAUSE);
            throw e;
        }
    }

    private AuthToken accept(String value) {
        AuthToken accepted = AuthToken.of(value, clock.instant());
        token = accepted;
        return accepted;
    }
}
