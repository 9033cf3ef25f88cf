package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of the largest payloads the rules allow, while PocketBase is away, fills the memory budget and no
 * more: what does not fit is refused, what was accepted is all written once PocketBase is back.
 */
class MemoryBudgetTest {
    private static final long BUDGET = 16L * 1024 * 1024;
    private static final int FLOOD = 2_000;

    @Test
    void aFloodOfMaximalPayloadsStaysInsideTheBudgetAndLosesNothingAccepted() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             TrackerHarness tracker = TrackerHarness.withMemoryBudget(pocketBase, BUDGET)) {
            JsonObject maximal = maximalPayload();
            pocketBase.stop();
            long heapBefore = settledHeap();

            int accepted = 0;
            for (int i = 0; i < FLOOD; i++) {
                if (tracker.track(browser(newIp()), maximal)) {
                    accepted++;
                }
                assertThat(tracker.pipeline().memoryUsed()).isLessThanOrEqualTo(BUDGET);
            }
            long heapGrowth = settledHeap() - heapBefore;

            assertThat(accepted).as("some fit, the rest is refused").isBetween(1, FLOOD - 1);
            assertThat(tracker.pipeline().delivery().dropped()).containsEntry(DropReason.MEMORY_BUDGET, (long) (FLOOD - accepted));
            assertThat(heapGrowth).as("heap held for the flood, bytes").isLessThan(2 * BUDGET);
            pocketBase.restart();
            tracker.flush();
            assertThat(pocketBase.admin().count("events")).as("every accepted event written").isEqualTo(accepted);
        }
    }

    /** A page view as large as the payload rules accept: 4096-character URL and referrer, 8192 characters of data. */
    static JsonObject maximalPayload() {
        JsonObjectBuilder data = Json.createObjectBuilder();
        for (int i = 0; i < 80; i++) {
            data.add("k" + i, "v".repeat(90));
        }
        String longPath = "/" + "p".repeat(4000);
        return Json.createObjectBuilder().add("type", "custom").add("name", "n".repeat(100))
                .add("url", "https://example.com" + longPath).add("referrer", "https://ref.example" + longPath)
                .add("language", "en-GB").add("customData", data).build();
    }

    /** Heap in use once garbage is collected and the collector settled. */
    static long settledHeap() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(Duration.ofMillis(100).toMillis());
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
