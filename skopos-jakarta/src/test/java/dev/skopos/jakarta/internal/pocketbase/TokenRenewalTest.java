package dev.skopos.jakarta.internal.pocketbase;

import dev.skopos.jakarta.testing.MutableClock;
import dev.skopos.jakarta.testing.PocketBaseAdmin;
import dev.skopos.jakarta.testing.PocketBaseServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The client keeps its token the way a long-running service should, against a real PocketBase: renewed through
 * {@code auth-refresh}, with no password login after the first, for a superuser (an administrator on 0.22) and for
 * a tracker account. Logins are counted in PocketBase's own request log, by the tracker's User-Agent.
 */
class TokenRenewalTest {
    /** Tokens last this long here, so that half of it is a known step of the test's clock. */
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(2);
    private static final Duration PAST_HALF_LIFE = TOKEN_LIFETIME.dividedBy(2).plusMinutes(1);

    private static PocketBaseServer pocketBase;
    private static AdminCredentials superuser;
    private static AdminCredentials trackerAccount;
    private final List<PocketBaseClient> clients = new ArrayList<>();
    private final MutableClock clock = new MutableClock();

    @BeforeAll
    static void startPocketBase() {
        pocketBase = PocketBaseServer.start();
        superuser = pocketBase.adminCredentials();
        trackerAccount = pocketBase.createTrackerAccount();
    }

    @AfterAll
    static void stopPocketBase() {
        pocketBase.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(PocketBaseClient::close);
    }

    private PocketBaseClient client(AdminCredentials account, Clock clock) {
        PocketBaseClient client = PocketBaseClient.create(URI.create(pocketBase.url()), account, clock,
                PocketBaseHttp.REQUEST_DEADLINE, PocketBaseHttp.MAX_ANSWER_BYTES);
        clients.add(client);
        return client;
    }

    private static int passwordLogins(AdminCredentials account) {
        return pocketBase.admin().trackerRequests("POST", pocketBase.admin().accountPath(account)
                + "/auth-with-password");
    }

    private static int renewals(AdminCredentials account) {
        return pocketBase.admin().trackerRequests("POST", pocketBase.admin().accountPath(account) + "/auth-refresh");
    }

    /** Reads the website as {@code client}'s account, which both account kinds may. */
    private static void readWebsite(PocketBaseClient client) {
        assertThat(client.get("websites", pocketBase.websiteId()).getString("trackingId"))
                .isEqualTo(pocketBase.trackingId());
    }

    @Test
    void theSuperuserTokenIsRenewedWithoutAnotherPasswordLogin() {
        checkRenewedWithoutPasswordLogin(superuser);
    }

    @Test
    void theTrackerAccountTokenIsRenewedWithoutAnotherPasswordLogin() {
        checkRenewedWithoutPasswordLogin(trackerAccount);
    }

    private void checkRenewedWithoutPasswordLogin(AdminCredentials account) {
        pocketBase.admin().setTokenDuration(account, TOKEN_LIFETIME);
        PocketBaseClient client = client(account, clock);
        pocketBase.admin().awaitRequestLogCaughtUp();
        int loginsBefore = passwordLogins(account);
        int renewalsBefore = renewals(account);

        readWebsite(client);
        readWebsite(client);
        clock.advance(PAST_HALF_LIFE);
        readWebsite(client);
        readWebsite(client);

        pocketBase.admin().awaitRequestLogCaughtUp();
        assertThat(passwordLogins(account) - loginsBefore).as("password logins").isEqualTo(1);
        assertThat(renewals(account) - renewalsBefore).as("renewals, once half the lifetime had passed")
                .isEqualTo(1);
    }

    @Test
    void aTokenOutlivesItsFirstExpiryWithoutAnotherPasswordLogin() {
        assumeThat(pocketBase.generation()).as("0.22 admin tokens last at least as long as the settings allow")
                .isEqualTo(ApiGeneration.V0_23);
        Duration shortest = Duration.ofSeconds(10); // the shortest PocketBase allows
        AdminCredentials account = trackerAccount;
        pocketBase.admin().setTokenDuration(account, shortest);
        try {
            pocketBase.admin().awaitRequestLogCaughtUp();
            int loginsBefore = passwordLogins(account);
            int renewalsBefore = renewals(account);
            PocketBaseClient client = client(account, Clock.systemUTC());
            Instant firstTokenExpired = Instant.now().plus(shortest).plusSeconds(1);
            readWebsite(client);

            await().atMost(shortest.multipliedBy(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                readWebsite(client);
                return Instant.now().isAfter(firstTokenExpired);
            });

            readWebsite(client);
            pocketBase.admin().awaitRequestLogCaughtUp();
            assertThat(passwordLogins(account) - loginsBefore).as("password logins").isEqualTo(1);
            assertThat(renewals(account) - renewalsBefore).as("renewals").isGreaterThanOrEqualTo(2);
        } finally {
            pocketBase.admin().setTokenDuration(account, TOKEN_LIFETIME);
        }
    }

    @Test
    void aRenewalPocketBaseRefusesFallsBackToAPasswordLogin() {
        pocketBase.admin().setTokenDuration(superuser, TOKEN_LIFETIME);
        PocketBaseClient client = client(superuser, clock);
        readWebsite(client);
        pocketBase.admin().awaitRequestLogCaughtUp();
        int loginsBefore = passwordLogins(superuser);
        int renewalsBefore = renewals(superuser);

        pocketBase.admin().invalidateTokens(); // the password set again: every token issued before is void
        clock.advance(PAST_HALF_LIFE);
        readWebsite(client);

        pocketBase.admin().awaitRequestLogCaughtUp();
        assertThat(renewals(superuser) - renewalsBefore).as("the refused renewal").isEqualTo(1);
        assertThat(passwordLogins(superuser) - loginsBefore).as("password logins after it").isEqualTo(1);
    }

    @Test
    void renewalWorksWhereAPasswordLoginWouldNeedASecondFactor() {
        assumeThat(pocketBase.generation()).as("MFA came with 0.23").isEqualTo(ApiGeneration.V0_23);
        try (PocketBaseServer own = PocketBaseServer.start()) {
            AdminCredentials admin = own.adminCredentials();
            own.admin().setTokenDuration(admin, TOKEN_LIFETIME);
            PocketBaseAdmin operator = own.admin().createAdmin("operator@skopos.test", "operator-secret-42");
            operator.login();
            PocketBaseClient client = PocketBaseClient.create(URI.create(own.url()), admin, clock,
                    PocketBaseHttp.REQUEST_DEADLINE, PocketBaseHttp.MAX_ANSWER_BYTES);
            clients.add(client);
            client.findFirst("websites", Filter.eq("trackingId", own.trackingId())).orElseThrow();

            operator.requireSecondFactorForSuperusers(true);
            clock.advance(PAST_HALF_LIFE);

            assertThat(client.findFirst("websites", Filter.eq("trackingId", own.trackingId())))
                    .as("read with the renewed token").isPresent();
            assertThatThrownBy(client::login).as("a password login now")
                    .isInstanceOfSatisfying(LoginRefusedException.class,
                            e -> assertThat(e.refusal()).isEqualTo(LoginRefusal.SECOND_FACTOR));
        }
    }
}
