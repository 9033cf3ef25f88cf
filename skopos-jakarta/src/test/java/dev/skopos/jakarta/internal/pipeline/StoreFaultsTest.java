package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.testing.DashboardLayout;
import dev.skopos.jakarta.testing.FaultyStore.Fault;
import dev.skopos.jakarta.testing.FaultyStore.Operation;
import dev.skopos.jakarta.testing.FaultyStore;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One workload, written to a real PocketBase through the store boundary, with each kind of fault injected
 * there: passing failures (429, a rejected login, an answer lost after the write was saved) change nothing in
 * what is stored; a record PocketBase refuses is dropped alone and counted. Every run ends with the counts
 * adding up: accepted = written + dropped + queued.
 */
class StoreFaultsTest {
    private static final String POISON = "poisoned";
    private static final List<String> COLLECTIONS = List.of("visitors", "sessions", "events", "js_errors", "dash_sum");

    /** The faults a run injects, and what they do to the stored outcome. */
    enum Scenario {
        NONE(store -> { }, false),
        TOO_MANY_REQUESTS(store -> COLLECTIONS.forEach(collection ->
                store.fail(Fault.TOO_MANY_REQUESTS, Operation.CREATE, collection, 2)), false),
        LOGIN_REJECTED(store -> {
            store.fail(Fault.LOGIN_REJECTED, Operation.CREATE, "events", 3);
            store.fail(Fault.LOGIN_REJECTED, Operation.UPDATE, "dash_sum", 2);
        }, false),
        ANSWERS_LOST_AFTER_SAVING(store -> COLLECTIONS.forEach(collection -> {
            store.fail(Fault.SAVED_THEN_TIMEOUT, Operation.CREATE, collection, 1);
            store.fail(Fault.SAVED_THEN_TIMEOUT, Operation.UPDATE, collection, 1);
        }), false),
        ONE_RECORD_REFUSED(store -> store.fail(Fault.REFUSED, Operation.CREATE, "events",
                fields -> POISON.equals(fields.getString("eventName", "")), 1), true);

        private final Consumer<FaultyStore> faults;
        private final boolean poisonRefused;

        Scenario(Consumer<FaultyStore> faults, boolean poisonRefused) {
            this.faults = faults;
            this.poisonRefused = poisonRefused;
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void faultsLoseOrDoubleNothingAndTheCountsAddUp(Scenario scenario) throws Exception {
        FaultyStore[] faulty = new FaultyStore[1];
        try (PocketBaseServer pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38);
             TrackerHarness tracker = TrackerHarness.withStore(pocketBase, real -> {
                 faulty[0] = new FaultyStore(real);
                 return faulty[0];
             })) {
            scenario.faults.accept(faulty[0]);
            RequestInfo first = browser("198.51.100.61");
            RequestInfo second = browser("198.51.100.62");

            tracker.track(first, pageView("/").build());
            tracker.track(second, pageView("/").build());
            tracker.track(first, pageView("/").add("type", "jsError").add("errorMessage", "boom").build());
            tracker.trackServerEvent(Optional.of(first), POISON, Map.of());
            tracker.trackServerEvent(Optional.of(first), "signup", Map.of("plan", "pro"));
            tracker.flush();
            tracker.track(first, pageView("/pricing").build());
            tracker.track(second, pageView("/pricing").add("type", "jsError").add("errorMessage", "boom").build());
            tracker.pipeline().identify(Optional.of(first), "user-61", Map.of());
            tracker.flush();

            if (scenario != Scenario.NONE) {
                assertThat(faulty[0].injected()).as("faults injected").isPositive();
            }
            PocketBaseView stored = new PocketBaseView(pocketBase);
            assertThat(stored.visitors("198.51.100.61")).singleElement()
                    .satisfies(visitor -> assertThat(visitor.getString("userId")).isEqualTo("user-61"));
            assertThat(stored.visitors("198.51.100.62")).hasSize(1);
            JsonObject session = stored.onlySession("198.51.100.61");
            assertThat(session.getString("exitPath")).isEqualTo("/pricing");
            assertThat(stored.onlySession("198.51.100.62").getString("exitPath")).isEqualTo("/pricing");
            List<String> expectedEvents = scenario.poisonRefused ? List.of("/", "signup", "/pricing")
                    : List.of("/", POISON, "signup", "/pricing");
            assertThat(stored.events(session)).extracting(event -> event.getString("eventName", "").isEmpty()
                    ? event.getString("path") : event.getString("eventName"))
                    .containsExactlyInAnyOrderElementsOf(expectedEvents);
            assertThat(stored.jsErrors()).singleElement()
                    .satisfies(error -> assertThat(error.getInt("count")).isEqualTo(2));
            JsonObject summary = pocketBase.admin().list("dash_sum", null).get(0).getJsonObject("summary");
            assertThat(summary.getInt("pageViews")).isEqualTo(3);
            assertThat(summary.getInt("visitors")).isEqualTo(2);
            assertThat(summary.getInt("newVisitors")).isEqualTo(2);
            assertThat(summary.getInt("jsErrors")).isEqualTo(2);

            Delivery delivery = tracker.core().status().delivery();
            assertThat(delivery.accepted()).isEqualTo(8);
            assertThat(delivery.queued()).isZero();
            assertThat(delivery.dropped().get(DropReason.REFUSED)).isEqualTo(scenario.poisonRefused ? 1 : 0);
            assertThat(delivery.accepted())
                    .isEqualTo(delivery.written() + delivery.droppedAfterAcceptance() + delivery.queued());
            if (scenario != Scenario.NONE && !scenario.poisonRefused) {
                assertThat(delivery.retries()).isPositive();
            }
        }
    }
}
