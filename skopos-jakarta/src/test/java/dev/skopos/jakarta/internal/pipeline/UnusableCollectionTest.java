package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.ConnectionProblem;
import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.FlushResult;
import dev.skopos.jakarta.TrackerStatus;
import dev.skopos.jakarta.internal.pocketbase.AdminCredentials;
import dev.skopos.jakarta.internal.queue.Flusher;
import dev.skopos.jakarta.testing.LogCapture;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A collection the tracker writes that PocketBase does not have, or does not let the tracker's account use, is
 * its owner's to fix: what belongs in it is kept (within the memory budget) and retried instead of dropped, the
 * rest goes on being written, readiness names the collection, the log says so once however often the write is
 * retried, and writing resumes by itself once the collection can be used.
 */
class UnusableCollectionTest {
    private static final int JS_ERRORS = 3;
    private static final List<String> RULES = List.of("listRule", "viewRule", "createRule", "updateRule");

    @Test
    void aMissingCollectionKeepsItsRecordsWhileTheOthersAreWritten() throws Exception {
        try (LogCapture log = LogCapture.of(Flusher.class);
             PocketBaseServer pocketBase = PocketBaseServer.builder().withoutCollection("js_errors").start();
             TrackerHarness tracker = TrackerHarness.immediate(pocketBase)) {
            String ip = newIp();
            tracker.track(browser(ip), pageView("/").build());
            for (int i = 0; i < JS_ERRORS; i++) {
                tracker.track(browser(ip), pageView("/").add("type", "jsError").add("errorMessage", "boom").build());
            }
            tracker.track(browser(ip), pageView("/next").build());

            FlushResult result = tracker.pipeline().flush(Duration.ofSeconds(3));

            assertThat(result.pending()).as("the JS error reports are kept").isEqualTo(JS_ERRORS);
            assertThat(new PocketBaseView(pocketBase).events(ip)).as("page views are written meanwhile").hasSize(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> !tracker.core().status().ready());
            TrackerStatus status = tracker.core().status();
            assertThat(status.problem()).contains(ConnectionProblem.COLLECTION_MISSING);
            assertThat(status.collection()).contains("js_errors");
            Delivery delivery = status.delivery();
            assertThat(delivery.queued()).isEqualTo(JS_ERRORS);
            assertThat(delivery.droppedAfterAcceptance()).isZero();
            assertThat(delivery.retries()).as("retried several times").isGreaterThan(1);
            assertThat(log.messages(Level.WARNING)).filteredOn(message -> message.contains("js_errors"))
                    .as("said once").hasSize(1);
        }
    }

    @Test
    void aCollectionClosedToTheTrackerAccountKeepsItsRecordsUntilItOpensAgain() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            AdminCredentials account = pocketBase.createTrackerAccount();
            JsonObject openRules = rulesOf(pocketBase.admin().collection("js_errors"));
            JsonObjectBuilder adminsOnly = Json.createObjectBuilder();
            RULES.forEach(adminsOnly::addNull);
            pocketBase.admin().updateCollection("js_errors", adminsOnly.build());
            try (TrackerHarness tracker = TrackerHarness.loggedInAs(pocketBase, account)) {
                String ip = newIp();
                tracker.track(browser(ip), pageView("/").build());
                for (int i = 0; i < JS_ERRORS; i++) {
                    tracker.track(browser(ip), pageView("/").add("type", "jsError").add("errorMessage", "closed")
                            .build());
                }

                assertThat(tracker.pipeline().flush(Duration.ofSeconds(3)).pending()).isEqualTo(JS_ERRORS);
                await().atMost(Duration.ofSeconds(5)).until(() -> !tracker.core().status().ready());
                assertThat(tracker.core().status().problem()).contains(ConnectionProblem.ACCESS_DENIED);
                assertThat(tracker.core().status().collection()).contains("js_errors");

                pocketBase.admin().updateCollection("js_errors", openRules);
                tracker.flush();

                assertThat(new PocketBaseView(pocketBase).jsErrors()).singleElement()
                        .satisfies(error -> assertThat(error.getInt("count")).isEqualTo(JS_ERRORS));
                await().atMost(Duration.ofSeconds(10)).until(() -> tracker.core().status().ready());
            }
        }
    }

    private static JsonObject rulesOf(JsonObject collection) {
        JsonObjectBuilder rules = Json.createObjectBuilder();
        RULES.forEach(rule -> rules.add(rule, collection.get(rule)));
        return rules.build();
    }
}
