package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.config.SkoposConfigReader;
import dev.skopos.jakarta.internal.core.TrackerCore;
import dev.skopos.jakarta.testing.DashboardLayout;
import dev.skopos.jakarta.testing.FaultProxy;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A PocketBase that answers slowly, behind a long queue: the writer stops each slice of the queue after a
 * second, however few records that was, so that the daily summary is written on its own schedule; and with
 * every write lane waiting for PocketBase's answer, the tracker's threads leave one for its other work.
 */
class SlowPocketBaseTest {
    /** Each request held this long: 500 records, the most one slice writes, take 15 s at least. */
    private static final Duration LATENCY = Duration.ofMillis(30);
    private static final int QUEUED = 600;
    private static final int WRITE_LANES = SkoposConfigReader.DEFAULT_WRITE_CONCURRENCY;

    @Test
    void theSummaryIsWrittenLongBeforeTheFirstFiveHundredRecordsOfALongQueue() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38);
             FaultProxy proxy = FaultProxy.to(pocketBase.url());
             TrackerHarness tracker = TrackerHarness.through(pocketBase, proxy.url())) {
            proxy.delayRequests(LATENCY);
            List<RequestInfo> visitors = IntStream.range(0, 10).mapToObj(i -> browser(newIp())).toList();
            for (int i = 0; i < QUEUED; i++) {
                assertThat(tracker.track(visitors.get(i % visitors.size()), pageView("/p" + i).build())).isTrue();
            }

            // the summary timer fires five seconds after start; a slice then ends within about a second
            await().atMost(Duration.ofSeconds(12)).until(() -> pocketBase.admin().count("dash_sum") == 1);
            assertThat(pocketBase.admin().count("events")).as("events stored when the summary was")
                    .isLessThan(500);
            proxy.delayRequests(Duration.ZERO);
        }
    }

    @Test
    void everyWriteLaneWaitingForPocketBaseLeavesAThreadToProbeIt() throws Exception {
        AtomicReference<HeldRequests> events = new AtomicReference<>();
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             TrackerHarness tracker = TrackerHarness.withStore(pocketBase, store -> events.updateAndGet(
                     held -> new HeldRequests(store, "events", HeldRequests.Request.CREATE)),
                     TrackerCore.backgroundThreads(Executors.defaultThreadFactory(), WRITE_LANES))) {
            events.get().hold();
            try {
                // enough visitors for every lane to write one of their events
                IntStream.range(0, 40).forEach(i -> tracker.track(browser(newIp()), pageView("/held").build()));
                await().atMost(Duration.ofSeconds(10)).until(() -> events.get().waiting() == WRITE_LANES);
                int probes = websiteReads(pocketBase);

                await().atMost(Duration.ofSeconds(20)).until(() -> websiteReads(pocketBase) > probes);
                assertThat(events.get().waiting()).as("lanes still waiting for PocketBase").isEqualTo(WRITE_LANES);
            } finally {
                events.get().release();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> pocketBase.admin().count("events") == 40);
        }
    }

    /** The probe's reads of the website record, as PocketBase logged them. */
    private static int websiteReads(PocketBaseServer pocketBase) {
        pocketBase.admin().awaitRequestLogCaughtUp();
        return pocketBase.admin().trackerRequests("GET", "/api/collections/websites/records/");
    }
}
