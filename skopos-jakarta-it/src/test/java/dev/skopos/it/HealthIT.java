package dev.skopos.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static dev.skopos.it.ItPocketBase.pocketBase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tracker on each server: it starts with the application and its readiness follows PocketBase, telling the
 * public health port no more than a reason code. The start is checked first, before any request could create
 * the tracker (a health request would).
 */
@ExtendWith({ItPocketBase.class, ArquillianExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthIT {
    private static final String[] COUNTS = {"accepted", "written", "queued", "oldestQueuedSeconds", "retries",
        "writesPerRequest"};

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ItEnvironment.war();
    }

    private static void awaitReadiness(String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> ready = ReadinessCheck.get("health/ready");
            assertThat(ReadinessCheck.check(ready, ReadinessCheck.POCKETBASE).getString("status")).isEqualTo(status);
            assertThat(ready.statusCode()).isEqualTo(status.equals("UP") ? 200 : 503);
        });
    }

    /** Before any request reaches the application, the tracker has looked its website up in PocketBase. */
    @Test
    @Order(1)
    void startsWithTheApplicationAndLoadsItsWebsite() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                pocketBase().admin().loggedRequests("data.userAgent = 'skopos-jakarta'"
                        + " && data.url ~ '/api/collections/websites/records%'") > 0);
    }

    @Test
    void readinessFollowsPocketBaseDownAndUpAgain() throws Exception {
        awaitReadiness("UP");
        JsonObject data = ReadinessCheck.check(ReadinessCheck.get("health/ready"), ReadinessCheck.POCKETBASE)
                .getJsonObject("data");
        assertThat(data).as("what became of the events").containsKeys(COUNTS);
        assertThat(data.keySet()).allMatch(key -> key.equals("apiGeneration") || List.of(COUNTS).contains(key)
                || key.startsWith("dropped."));
        assertThat(data.getInt("writesPerRequest")).as("the tests' PocketBase takes batches")
                .isEqualTo(ItEnvironment.BATCH_SIZE);
        if (ItEnvironment.trackerHasLeastPrivilege()) {
            // a record login is the same on every API generation, so it does not tell them apart
            assertThat(data).doesNotContainKey("apiGeneration");
        } else {
            assertThat(data.getString("apiGeneration")).isEqualTo(pocketBase().generation().label());
        }

        pocketBase().stop();
        awaitReadiness("DOWN");
        JsonObject down = ReadinessCheck.check(ReadinessCheck.get("health/ready"), ReadinessCheck.POCKETBASE);
        assertThat(down.getJsonObject("data").getString("reason")).isEqualTo("unreachable");
        assertThat(down.toString()).doesNotContain(pocketBase().url(), "127.0.0.1", System.getenv("SKOPOS_ADMIN_EMAIL"),
                System.getenv("SKOPOS_ADMIN_PASSWORD"), pocketBase().adminEmail(), "Exception", "PocketBase at");
        assertThat(ReadinessCheck.check(ReadinessCheck.get("health/live"), "skopos-tracker").getString("status"))
                .isEqualTo("UP");

        pocketBase().restart();
        awaitReadiness("UP");
    }

    @Test
    void healthOutputNeverContainsThePassword() throws Exception {
        String password = System.getenv("SKOPOS_ADMIN_PASSWORD");

        assertThat(ReadinessCheck.get("health").body()).contains("skopos-pocketbase").doesNotContain(password);
    }
}
