package dev.skopos.jakarta.internal.pocketbase;

import dev.skopos.jakarta.internal.support.Text;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;
import java.util.logging.Logger;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * PocketBase's logins for the configured account: with the password, and the renewal of a token
 * ({@code auth-refresh}); as a record of the auth collection, or as administrator, superuser on 0.23+
 * ({@code /api/collections/_superusers}) or admin on 0.22 ({@code /api/admins}), the generation found by trying
 * the superuser login first. A refused password login becomes a {@link LoginRefusedException} naming its cause and
 * the remedy.
 */
final class LoginRequests {
    private static final Logger LOG = Logger.getLogger(LoginRequests.class.getName());
    private static final String SUPERUSERS = "_superusers";
    /** PocketBase's message for a 403 it gives no reason for, as its superuser IP allowlist answers. */
    private static final String FORBIDDEN_WITHOUT_REASON = "You are not allowed to perform this request.";
    private static final int MAX_QUOTED_MESSAGE = 200;
    private static final String TRACKER_ACCOUNT = "log the tracker in as a tracker account of its own"
            + " (skopos.auth-collection, set up by server-config/pocketbase/apply-tracker-access.sh)";

    private final PocketBaseHttp http;
    private final AdminCredentials credentials;

    /**
     * A new token.
     *
     * @param generation the administrator API that issued it; empty for a record of an auth collection
     */
    record Login(String token, Optional<ApiGeneration> generation) {
        @Override
        public String toString() {
            return "Login[(hidden), generation=" + generation + "]";
        }
    }

    LoginRequests(PocketBaseHttp http, AdminCredentials credentials) {
        this.http = http;
        this.credentials = credentials;
    }

    /**
     * A password login, as administrator of {@code generation} when known.
     *
     * @throws LoginRefusedException when PocketBase refused it
     * @throws PocketBaseException   when PocketBase failed otherwise
     */
    Login withPassword(Optional<ApiGeneration> generation) {
        if (credentials.authCollection().isPresent()) {
            return new Login(passwordLogin(Optional.empty()), Optional.empty());
        }
        if (generation.isPresent()) {
            return new Login(passwordLogin(generation), generation);
        }
        for (ApiGeneration candidate : ApiGeneration.values()) {
            try {
                Login login = new Login(passwordLogin(Optional.of(candidate)), Optional.of(candidate));
                LOG.fine(() -> "PocketBase at " + http + " speaks the " + candidate.label() + " API");
                return login;
            } catch (PocketBaseException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
        }
        throw new PocketBaseException(404, "PocketBase at " + http
                + " offers neither the superuser (0.23+) nor the admin (0.22) login");
    }

    /**
     * A renewed token for {@code token}, which must still be valid.
     *
     * @throws PocketBaseException when PocketBase did not renew it (a 401 when the token is no longer valid)
     */
    String refresh(String token, Optional<ApiGeneration> generation) {
        return tokenOf(http.send(PocketBaseRequest.json("POST", accountPath(generation) + "/auth-refresh", token,
                null)));
    }

    /** Where the account logs in: its auth collection, or the administrators of {@code generation}. */
    private String accountPath(Optional<ApiGeneration> generation) {
        return credentials.authCollection().map(collection -> "/api/collections/" + collection)
                .orElseGet(() -> generation.orElseThrow() == ApiGeneration.V0_22 ? "/api/admins"
                        : "/api/collections/" + SUPERUSERS);
    }

    private String passwordLogin(Optional<ApiGeneration> generation) {
        JsonObject body = JSON.createObjectBuilder().add("identity", credentials.email())
                .add("password", credentials.password()).build();
        KeptAliveConnection.Answer answer = http.exchange(PocketBaseRequest.json("POST",
                accountPath(generation) + "/auth-with-password", null, body));
        if (answer.status() == 200) {
            return tokenOf(parse(answer.body()).orElse(JsonValue.EMPTY_JSON_OBJECT));
        }
        if (answer.status() == 404 && generation.isPresent()) {
            throw ErrorAnswers.toException(answer.status(), answer.body()); // not this generation's API
        }
        throw refusal(answer, generation).map(PocketBaseException.class::cast)
                .orElseGet(() -> ErrorAnswers.toException(answer.status(), answer.body()));
    }

    /** The refusal a login's error answer means; empty for a passing failure (429, 5xx). */
    private Optional<LoginRefusedException> refusal(KeptAliveConnection.Answer answer,
                                                    Optional<ApiGeneration> generation) {
        JsonObject error = parse(answer.body()).orElse(JsonValue.EMPTY_JSON_OBJECT);
        String message = Text.truncate(Text.stripControl(error.getString("message", "")), MAX_QUOTED_MESSAGE);
        boolean superuser = generation.equals(Optional.of(ApiGeneration.V0_23));
        String collection = credentials.authCollection().orElse(superuser ? SUPERUSERS : "admins");
        String whose = credentials.authCollection().map(c -> "the account " + credentials.email()
                + " of the auth collection " + c).orElseGet(() -> (superuser ? "the superuser "
                : "the administrator ") + credentials.email());
        return switch (answer.status()) {
            case 400 -> Optional.of(new LoginRefusedException(LoginRefusal.CREDENTIALS, 400, "PocketBase rejected"
                    + " the password login of " + whose + ": check skopos.admin-email and skopos.admin-password"));
            case 401 -> Optional.of(error.containsKey("mfaId")
                    ? new LoginRefusedException(LoginRefusal.SECOND_FACTOR, 401, "PocketBase asks " + whose
                            + " for a second factor (MFA is on for the collection " + collection + "), which a"
                            + " server cannot give: " + (superuser ? TRACKER_ACCOUNT + ", or turn MFA off for "
                            : "turn MFA off for ") + collection)
                    : other(401, message, whose));
            case 403 -> Optional.of(superuser && message.equals(FORBIDDEN_WITHOUT_REASON)
                    ? new LoginRefusedException(LoginRefusal.ADDRESS_NOT_ALLOWED, 403, "PocketBase accepts " + whose
                            + " only from the addresses on its superuser IP allowlist (Settings, superuserIPs), and"
                            + " the address it sees this server at is not on it: add that address, or "
                            + TRACKER_ACCOUNT + ", which the allowlist does not restrict")
                    : other(403, message, whose));
            case 404 -> Optional.of(other(404, message, whose));
            default -> Optional.empty();
        };
    }

    private LoginRefusedException other(int status, String message, String whose) {
        return new LoginRefusedException(LoginRefusal.OTHER, status, "PocketBase refused the password login of "
                + whose + " (" + status + (message.isEmpty() ? "" : ": " + message) + "): check that the collection"
                + " exists, allows logging in with a password, and that its auth rule lets the account in");
    }

    private String tokenOf(JsonValue answer) {
        if (answer instanceof JsonObject login && login.get("token") instanceof JsonString token) {
            return token.getString();
        }
        throw http.unreachable(new IOException("PocketBase answered a login without a token"));
    }

    private static Optional<JsonObject> parse(String body) {
        try (JsonReader reader = JSON.createReader(new StringReader(body))) {
            return Optional.of(reader.readObject());
        } catch (JsonException | IllegalStateException | ClassCastException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "LoginRequests[" + credentials + "]";
    }
}
