package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.internal.store.RecordStore;
import dev.skopos.jakarta.testing.ForwardingStore;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer keeps up to {@code skopos.write-concurrency} writes in flight, one per lane of visitors, and each
 * visitor's records still land in the order they were accepted.
 */
class ConcurrentWritesTest {
    private static final int VISITORS = 16;
    private static final int PAGE_VIEWS = 4;
    private static final Set<String> LANE_COLLECTIONS = Set.of("visitors", "sessions", "events");

    /**
     * The real store, with a round trip long enough for writes of several lanes to overlap, counting the
     * lanes' writes (JS errors and daily summaries have a writer of their own beside them).
     */
    private static final class InFlightCounter extends ForwardingStore {
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger most = new AtomicInteger();

        InFlightCounter(RecordStore real) {
            super(real);
        }

        private <T> T counted(String collection, Supplier<T> write) {
            if (!LANE_COLLECTIONS.contains(collection)) {
                return write.get();
            }
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(15); // a slower PocketBase, not synchronisation
                return write.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public JsonObject create(String collection, JsonObject record) {
            return counted(collection, () -> super.create(collection, record));
        }

        @Override
        public JsonObject update(String collection, String id, JsonObject changes) {
            return counted(collection, () -> super.update(collection, id, changes));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void writesOverlapUpToTheConcurrencyAndEachVisitorKeepsItsOrder(int writeConcurrency) throws Exception {
        InFlightCounter[] store = new InFlightCounter[1];
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             TrackerHarness tracker = TrackerHarness.withStore(pocketBase, writeConcurrency, real -> {
                 store[0] = new InFlightCounter(real);
                 return store[0];
             })) {
            List<String> ips = IntStream.range(0, VISITORS).mapToObj(i -> newIp()).toList();
            for (int step = 0; step < PAGE_VIEWS; step++) {
                for (String ip : ips) {
                    tracker.track(browser(ip), pageView("/step/" + step).build());
                }
            }
            tracker.flush();

            if (writeConcurrency == 1) {
                assertThat(store[0].most.get()).as("writes in flight at once").isEqualTo(1);
            } else {
                assertThat(store[0].most.get()).as("writes in flight at once").isBetween(2, writeConcurrency);
            }
            PocketBaseView stored = new PocketBaseView(pocketBase);
            for (String ip : ips) {
                JsonObject session = stored.onlySession(ip);
                List<JsonObject> events = stored.events(session).stream()
                        .sorted(Comparator.comparing(event -> event.getString("path"))).toList();
                assertThat(events).hasSize(PAGE_VIEWS);
                Instant previous = created(session);
                for (JsonObject event : events) {
                    assertThat(created(event)).as("%s of %s", event.getString("path"), ip).isAfterOrEqualTo(previous);
                    previous = created(event);
                }
            }
        }
    }

    private static Instant created(JsonObject record) {
        return Instant.parse(record.getString("created").replace(' ', 'T'));
    }
}
