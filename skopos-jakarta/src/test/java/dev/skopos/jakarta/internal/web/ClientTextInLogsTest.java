package dev.skopos.jakarta.internal.web;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.config.Safeguards;
import dev.skopos.jakarta.internal.intake.RateLimits;
import dev.skopos.jakarta.testing.LogCapture;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile text in every part of a browser request a client controls, through every way a request is refused
 * or dropped, with the library logging at every level: no log line holds any of it.
 */
class ClientTextInLogsTest {
    /** What an attacker would like to see in a log: a line break and a forged record. */
    private static final String FORGED = "FORGED\n12:00:00 SEVERE forged-record";

    private static String json(String text) {
        return text.replace("\n", "\\n");
    }

    private static final List<String> BODIES = List.of(
            "{\"type\":\"" + json(FORGED) + "\",\"url\":\"https://example.com/\"}",
            "{\"type\":\"pageView\",\"url\":\"" + json(FORGED) + "\"}",
            "{\"type\":\"pageView\",\"url\":\"https://" + json(FORGED) + ".example/\"}",
            "{\"type\":\"pageView\",\"url\":\"https://example.com/\",\"customData\":{\"__PrOtO__\":1}}",
            "{\"type\":\"pageView\",\"url\":\"https://example.com/\",\"language\":\"" + "x".repeat(200) + "\"}",
            "{\"type\":\"custom\",\"url\":\"https://example.com/\",\"name\":\"" + "n".repeat(300) + "\"}",
            "{\"type\":\"pageView\",\"url\":\"https://other.example/" + json(FORGED) + "\"}",
            "{\"type\":\"pageView\",\"url\":\"https://example.com/\",\"screenWidth\":\"" + json(FORGED) + "\"}",
            "{\"type\":\"" + json(FORGED),
            json(FORGED),
            "[\"" + json(FORGED) + "\"]");

    @Test
    void nothingAClientSendsEndsUpInALogLine() throws IOException, InterruptedException {
        Logger library = Logger.getLogger("dev.skopos.jakarta");
        Level before = library.getLevel();
        library.setLevel(Level.ALL);
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             TrackerHarness tracker = TrackerHarness.immediate(pocketBase, Safeguards.DEFAULTS.withRespectOptOut(true)
                     .withRateLimits(RateLimits.DEFAULTS.withPerAddressPerMinute(5)));
             LogCapture log = LogCapture.ofLibrary()) {
            EventEndpoint endpoint = new EventEndpoint(tracker.pipeline());
            List<RequestInfo> clients = List.of(
                    TrackerHarness.browser("203.0.113.5", FORGED, Map.of("referer", FORGED, "origin", FORGED)),
                    TrackerHarness.browser("203.0.113.6", FORGED + "x".repeat(10_000), Map.of("dnt", "1")),
                    TrackerHarness.browser("203.0.113.7", "Googlebot/2.1 " + FORGED, Map.of()),
                    TrackerHarness.browser(FORGED, TrackerHarness.CHROME, Map.of("sec-ch-ua-platform", FORGED)));
            for (RequestInfo client : clients) {
                for (String body : BODIES) {
                    endpoint.receive(client, null, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
                }
            }
            tracker.flush();

            assertThat(log.allMessages()).as("the requests were logged about").isNotEmpty()
                    .noneMatch(line -> line.contains("FORGED") || line.contains("forged")
                            || line.contains("PrOtO") || line.contains("xxxxx") || line.contains("nnnnn"));
        } finally {
            library.setLevel(before);
        }
    }
}
