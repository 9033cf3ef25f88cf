package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.FlushResult;
import dev.skopos.jakarta.RequestInfo;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.internal.pipeline.PocketBaseBatchesTest.assumeBatches;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch of new visitors costs a lookup of their records per lane of the writer and few dozen visitors, not one
 * each, also when one flush creates more of them than the writer caches visitor records for, and still tells
 * visitors an older writer recorded (under ids of its own) from new ones.
 */
class VisitorLookupTest {
    private static final int VISITORS = 60;
    private static final int RECORDED_BEFORE = 20;
    /** More than the writer caches visitor records for. */
    private static final int MANY_VISITORS = Pipeline.VISITOR_CACHE + 1_000;
    /** 64-character visitor ids: 36 fit the filter of one lookup; this leaves room. */
    private static final int VISITORS_PER_LOOKUP = 20;
    private static final Duration NEVER = Duration.ofHours(1);

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

    @Test
    void moreNewVisitorsThanTheWriterCachesAreStillLookedUpTogether() throws Exception {
        CountDownLatch lookupHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            assumeBatches(pocketBase, true);
            try (TrackerHarness tracker = TrackerHarness.batching(pocketBase, NEVER, Integer.MAX_VALUE, 1,
                    real -> new FirstLookupHeld(real, lookupHeld, release))) {
                // the session flush of a first visitor holds the lane while all the others arrive: the flush after
                // it finds every one of them new
                tracker.track(browser("192.0.2.1"), pageView("/").build());
                assertThat(lookupHeld.await(10, TimeUnit.SECONDS)).isTrue();
                List<RequestInfo> visitors = IntStream.range(0, MANY_VISITORS)
                        .mapToObj(n -> browser("10." + (n >> 16) + "." + ((n >> 8) & 255) + "." + (n & 255)))
                        .toList();
                for (String path : List.of("/", "/pricing")) {
                    visitors.forEach(visitor -> assertThat(tracker.track(visitor, pageView(path).build())).isTrue());
                }
                release.countDown();

                FlushResult flushed = tracker.pipeline().flush(Duration.ofSeconds(60));

                assertThat(flushed.pending()).isZero();
                assertThat(tracker.core().status().delivery().written()).isEqualTo(2L * MANY_VISITORS + 1);
            }
            pocketBase.admin().awaitRequestLogCaughtUp();
            assertThat(pocketBase.admin().trackerRequests("GET", "/api/collections/visitors/records"))
                    .isLessThanOrEqualTo(MANY_VISITORS / VISITORS_PER_LOOKUP);
            assertThat(pocketBase.admin().count("visitors")).isEqualTo(MANY_VISITORS + 1);
            assertThat(pocketBase.admin().count("sessions")).isEqualTo(MANY_VISITORS + 1);
            assertThat(pocketBase.admin().count("events")).isEqualTo(2 * MANY_VISITORS + 1);
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

    /** The real store, holding its first lookup of visitors until the test releases it. */
    private static final class FirstLookupHeld extends ForwardingStore {
        private final CountDownLatch held;
        private final CountDownLatch release;

        FirstLookupHeld(RecordStore real, CountDownLatch held, CountDownLatch release) {
            super(real);
            this.held = held;
            this.release = release;
        }

        @Override
        public List<JsonObject> find(String collection, Filter filter, int max) {
            if (collection.equals("visitors") && held.getCount() > 0) {
                held.countDown();
                awaitRelease();
            }
            return super.find(collection, filter, max);
        }

        private void awaitRelease() {
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the lookup");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
