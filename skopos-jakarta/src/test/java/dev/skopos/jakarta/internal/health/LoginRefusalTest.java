package dev.skopos.jakarta.internal.health;

import dev.skopos.jakarta.ConnectionProblem;
import dev.skopos.jakarta.TrackerStatus;
import dev.skopos.jakarta.internal.pocketbase.ApiGeneration;
import dev.skopos.jakarta.testing.FaultProxy;
import dev.skopos.jakarta.testing.LogCapture;
import dev.skopos.jakarta.testing.PocketBaseAdmin;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A superuser login that PocketBase (0.23+) refuses for a reason the owner set, MFA or the superuser IP allowlist,
 * shows in readiness as its own reason, is logged once as SEVERE with its cause and remedy (never the password,
 * however often the login is tried again), and passes once the owner changes the setting back.
 */
class LoginRefusalTest {
    /** The harness probes every 4 s; after a refusal the next password login waits 10 s. */
    private static final Duration WITHIN_A_PROBE = Duration.ofSeconds(8);
    private static final Duration WITHIN_THE_PAUSE_AND_A_PROBE = Duration.ofSeconds(20);

    @Test
    void aSecondFactorRequiredOfSuperusersIsNamedInReadiness() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             TrackerHarness tracker = TrackerHarness.immediate(pocketBase);
             LogCapture log = LogCapture.ofLibrary()) {
            assumeThat(pocketBase.generation()).as("MFA came with 0.23").isEqualTo(ApiGeneration.V0_23);
            // another superuser changes the settings, its token issued before MFA was required
            PocketBaseAdmin operator = pocketBase.admin().createAdmin("operator@skopos.test", "operator-secret-42");
            operator.login();

            operator.requireSecondFactorForSuperusers(true);
            // the tracker's password set again: its token is void, and only a password login would get another
            operator.setAdminPassword(pocketBase.adminEmail(), pocketBase.adminPassword());

            checkRefusedOnce(pocketBase, operator, tracker, log, ConnectionProblem.MFA_REQUIRED, "mfa-required",
                    List.of("second factor", "skopos.auth-collection", "turn MFA off for _superusers"));

            operator.requireSecondFactorForSuperusers(false);
            await().atMost(WITHIN_THE_PAUSE_AND_A_PROBE).until(() -> tracker.core().status().ready());
        }
    }

    @Test
    void theSuperuserIpAllowlistLeavingOutTheTrackerIsNamedInReadiness() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             FaultProxy otherAddress = FaultProxy.from("127.0.0.2", pocketBase.url());
             TrackerHarness tracker = TrackerHarness.through(pocketBase, otherAddress.url());
             LogCapture log = LogCapture.ofLibrary()) {
            assumeThat(pocketBase.generation()).as("the allowlist came with 0.38").isEqualTo(ApiGeneration.V0_23);

            pocketBase.admin().setSuperuserAddresses("127.0.0.1"); // the tests' own, not the tracker's

            checkRefusedOnce(pocketBase, pocketBase.admin(), tracker, log, ConnectionProblem.IP_NOT_ALLOWED,
                    "ip-not-allowed",
                    List.of("superuser IP allowlist", "add that address", "skopos.auth-collection"));

            pocketBase.admin().setSuperuserAddresses("127.0.0.1", "127.0.0.2");
            await().atMost(WITHIN_THE_PAUSE_AND_A_PROBE).until(() -> tracker.core().status().ready());
        }
    }

    /**
     * Readiness goes DOWN with {@code reason}; after two password logins PocketBase refused (as {@code reader} sees
     * in its request log), one SEVERE line names the cause and remedy; neither readiness nor the log holds the
     * password.
     */
    private static void checkRefusedOnce(PocketBaseServer pocketBase, PocketBaseAdmin reader, TrackerHarness tracker,
                                         LogCapture log, ConnectionProblem problem, String reason,
                                         List<String> explained) {
        String refusedLogins = "data.method = 'POST' && data.url ~ '"
                + reader.accountPath(pocketBase.adminCredentials()) + "/auth-with-password%'"
                + " && data.userAgent = 'skopos-jakarta' && data.status >= 400";
        await().atMost(WITHIN_A_PROBE).until(() -> !tracker.core().status().ready());
        TrackerStatus down = tracker.core().status();
        assertThat(down.problem()).contains(problem);
        assertThat(PocketBaseReadinessCheck.data(down)).containsEntry("reason", reason)
                .allSatisfy((key, value) -> assertThat(value.toString())
                        .doesNotContain(pocketBase.adminEmail(), pocketBase.adminPassword()));

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(2))
                .until(() -> reader.loggedRequests(refusedLogins) >= 2);

        assertThat(log.messages(Level.SEVERE)).singleElement().satisfies(message -> assertThat(message)
                .contains(explained));
        assertThat(log.allMessages()).allSatisfy(message -> assertThat(message)
                .doesNotContain(pocketBase.adminPassword()));
    }
}
