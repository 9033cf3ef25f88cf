package dev.skopos.jakarta.internal.health;

import dev.skopos.jakarta.ConnectionProblem;
import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.TrackerStatus;
import dev.skopos.jakarta.testing.LogCapture;
import dev.skopos.jakarta.testing.PocketBaseAdmin;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Credentials that stop working (a rotated password, an administrator deleted) block writing instead of
 * dropping what waits: readiness goes DOWN with a reason that names no account or password, every event is
 * kept, and once the credentials work again everything is written exactly once and readiness is UP.
 */
class CredentialsChangeTest {
    /** The harness probes every 4 s; DOWN must show within one probe, plus time for the probe's own request. */
    private static final Duration ONE_PROBE = Duration.ofSeconds(6);
    private static final int EVENTS_WHILE_REFUSED = 12;

    @Test
    void aRotatedPasswordBlocksWritingUntilItIsRestored() throws Exception {
        checkBlockedAndResumed((pocketBase, operator) -> operator.setAdminPassword(pocketBase.adminEmail(),
                "rotated-" + pocketBase.adminPassword()),
                (pocketBase, operator) -> operator.setAdminPassword(pocketBase.adminEmail(), pocketBase.adminPassword()));
    }

    @Test
    void aDeletedAdministratorBlocksWritingUntilItIsCreatedAgain() throws Exception {
        checkBlockedAndResumed((pocketBase, operator) -> operator.deleteAdmin(pocketBase.adminEmail()),
                (pocketBase, operator) -> operator.createAdmin(pocketBase.adminEmail(), pocketBase.adminPassword()));
    }

    /** What an operator does to the tracker's administrator, as a second administrator. */
    private interface AdminChange {
        void apply(PocketBaseServer pocketBase, PocketBaseAdmin operator);
    }

    private static void checkBlockedAndResumed(AdminChange refuse, AdminChange restore) throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             TrackerHarness tracker = TrackerHarness.immediate(pocketBase);
             LogCapture log = LogCapture.ofLibrary()) {
            // PocketBase 0.22 keeps at least one administrator: a second one makes the changes and reads
            PocketBaseAdmin operator = pocketBase.admin().createAdmin("operator@skopos.test", "operator-secret-42");
            String visitor = "203.0.113.77";
            track(tracker, visitor, "/before");
            tracker.flush();

            refuse.apply(pocketBase, operator);
            for (int i = 0; i < EVENTS_WHILE_REFUSED; i++) {
                track(tracker, visitor, "/while-refused/" + i);
            }

            await().atMost(ONE_PROBE).until(() -> !tracker.core().status().ready());
            TrackerStatus down = tracker.core().status();
            assertThat(down.problem()).contains(ConnectionProblem.CREDENTIALS);
            assertThat(PocketBaseReadinessCheck.data(down)).allSatisfy((key, value) -> assertThat(value.toString())
                    .doesNotContain(pocketBase.adminEmail(), pocketBase.adminPassword()));
            Delivery blocked = down.delivery();
            assertThat(blocked.droppedAfterAcceptance()).as("nothing dropped").isZero();
            assertThat(blocked.queued()).as("everything kept").isEqualTo(EVENTS_WHILE_REFUSED);
            assertThat(operator.count("events")).isEqualTo(1);

            restore.apply(pocketBase, operator);
            await().atMost(Duration.ofSeconds(20)).until(() -> tracker.core().status().ready());
            tracker.flush();

            assertThat(operator.list("events", null)).extracting(event -> event.getString("path"))
                    .as("every event exactly once").hasSize(1 + EVENTS_WHILE_REFUSED).doesNotHaveDuplicates();
            Delivery after = tracker.core().status().delivery();
            assertThat(after.accepted()).isEqualTo(1 + EVENTS_WHILE_REFUSED);
            assertThat(after.written()).isEqualTo(after.accepted());
            assertThat(after.retries()).as("the refused writes were retried").isPositive();
            assertThat(log.allMessages()).allSatisfy(message -> assertThat(message)
                    .doesNotContain(pocketBase.adminPassword()));
        }
    }

    private static void track(TrackerHarness tracker, String ip, String path) {
        JsonObject pageView = Json.createObjectBuilder().add("type", "pageView")
                .add("url", "https://example.com" + path).add("referrer", "").build();
        assertThat(tracker.track(browser(ip), pageView)).isTrue();
    }
}
