package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.internal.config.SkoposConfigReader;
import dev.skopos.jakarta.internal.pocketbase.Filter;
import dev.skopos.jakarta.internal.store.RecordStore;
import dev.skopos.jakarta.internal.support.Sha256;
import dev.skopos.jakarta.testing.ForwardingStore;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch of new visitors costs a lookup of their records per lane of the writer and few dozen visitors, not one
 * each, and still tells visitors an older writer recorded (under ids of its own) from new ones.
 */
class VisitorLookupTest {
    private static final int VISITORS = 60;
    private static final int RECORDED_BEFORE = 20;

    @Test
    void aBatchOfVisitorsIsLookedUpTogetherAndRecordedOnce() throws Exception {
        AtomicInteger visitorLookups = new AtomicInteger();
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             TrackerHarness tracker = TrackerHarness.batching(pocketBase, Duration.ofHours(1), Integer.MAX_VALUE,
                     real -> new CountingFinds(real, visitorLookups))) {
            List<String> ips = IntStream.range(0, VISITORS).mapToObj(n -> "203.0.113." + (n + 1)).toList();
            for (String ip : ips.subList(0, RECORDED_BEFORE)) {
                pocketBase.admin().create("visitors", Json.createObjectBuilder()
                        .add("website", pocketBase.websiteId()).add("visitorId", visitorId(pocketBase, ip)).build());
            }

            ips.forEach(ip -> tracker.track(browser(ip), pageView("/").build()));
            tracker.flush();

            // each lane of the writer looks up its own visitors; 64-character visitor ids: a few dozen fit one filter
            assertThat(visitorLookups.get()).isBetween(1, SkoposConfigReader.DEFAULT_WRITE_CONCURRENCY + 2);
            List<JsonObject> visitors = pocketBase.admin().listAll("visitors");
            assertThat(visitors).hasSize(VISITORS);
            assertThat(visitors.stream().map(visitor -> visitor.getString("visitorId")).distinct()).hasSize(VISITORS);
            List<JsonObject> sessions = pocketBase.admin().listAll("sessions");
            assertThat(sessions).hasSize(VISITORS);
            assertThat(sessions.stream().filter(session -> session.getBoolean("isNewVisitor")))
                    .hasSize(VISITORS - RECORDED_BEFORE);
            assertThat(tracker.core().status().delivery().written()).isEqualTo(VISITORS);
        }
    }

    private static String visitorId(PocketBaseServer pocketBase, String ip) {
        return Sha256.hex(pocketBase.trackingId() + "-" + ip + "-" + TrackerHarness.CHROME);
    }

    /** The real store, counting the lookups of visitor records. */
    private static final class CountingFinds extends ForwardingStore {
        private final AtomicInteger visitorLookups;

        CountingFinds(RecordStore real, AtomicInteger visitorLookups) {
            super(real);
            this.visitorLookups = visitorLookups;
        }

        @Override
        public List<JsonObject> find(String collection, Filter filter, int max) {
            if (collection.equals("visitors")) {
                visitorLookups.incrementAndGet();
            }
            return super.find(collection, filter, max);
        }
    }
}
