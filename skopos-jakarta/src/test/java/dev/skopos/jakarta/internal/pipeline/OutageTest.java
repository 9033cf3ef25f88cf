package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** PocketBase going away while events arrive loses none of them. */
class OutageTest {

    @Test
    void everyEventAcceptedWhilePocketBaseWasDownArrivesAfterItRestarts() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             TrackerHarness tracker = TrackerHarness.immediate(pocketBase)) {
            Set<String> sent = new HashSet<>();
            String before = newIp();
            tracker.track(browser(before), pageView("/before").build());
            tracker.flush();
            sent.add("/before");

            pocketBase.stop();
            Instant outageEnds = Instant.now().plusSeconds(10);
            int i = 0;
            while (Instant.now().isBefore(outageEnds)) {
                String path = "/during/" + i++;
                assertThat(tracker.track(browser(i % 2 == 0 ? before : newIp()), pageView(path).build())).isTrue();
                sent.add(path);
                await().pollDelay(Duration.ofMillis(100)).until(() -> true);
            }
            pocketBase.restart();

            await().atMost(Duration.ofSeconds(30)).until(() -> tracker.pipeline().queued() == 0);
            List<String> stored = pocketBase.admin().list("events", null).stream()
                    .map(event -> event.getString("path")).toList();
            assertThat(stored).containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    @Test
    void eventsAcceptedBeforeTheFirstConnectionAreKept() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            pocketBase.stop();
            try (TrackerHarness tracker = TrackerHarness.startingWhilePocketBaseIsDown(pocketBase)) {
                String ip = newIp();
                assertThat(tracker.track(browser(ip), pageView("/early").build())).isTrue();
                tracker.pipeline().identify(Optional.of(browser(ip)), "early-user", Map.of());

                pocketBase.restart();
                await().atMost(Duration.ofSeconds(40)).until(() -> tracker.core().status().ready());
                tracker.flush();

                PocketBaseView stored = new PocketBaseView(pocketBase);
                assertThat(stored.events(ip)).extracting(e -> e.getString("path")).containsExactly("/early");
                assertThat(stored.visitors(ip).get(0).getString("userId")).isEqualTo("early-user");
            }
        }
    }
}
