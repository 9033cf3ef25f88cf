package dev.skopos.it;

import dev.skopos.jakarta.testing.PocketBaseServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's first command, {@code server-config/demo.sh}, pointed at an external PocketBase: it starts
 * none of its own, serves the demo, its live panel and the script, and on SIGTERM stops Liberty gracefully so
 * that events batched behind a one-hour interval are all written.
 */
@Tag("demo-script")
class DemoScriptIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int EVENTS = 10;

    @Test
    void demoUsesTheExternalPocketBaseAndWritesEveryQueuedEventOnSigterm() throws Exception {
        Path root = Path.of(System.getProperty("skopos.it.root"));
        Path output = root.resolve("skopos-jakarta-it/target/demo-script.log");
        int port = PocketBaseServer.freePort();
        try (PocketBaseServer pocketBase = PocketBaseServer.builder().domain("localhost").start()) {
            ProcessBuilder demo = new ProcessBuilder("bash", root.resolve("server-config/demo.sh").toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            Map<String, String> environment = demo.environment();
            environment.keySet().removeIf(name -> name.startsWith("SKOPOS_"));
            environment.putAll(pocketBase.trackerEnvironment());
            environment.putAll(Map.of(
                    "SKOPOS_DEMO_PORT", String.valueOf(port),
                    "SKOPOS_DEMO_SKIP_BUILD", "1",
                    "SKOPOS_BATCH", "true",
                    "SKOPOS_BATCH_INTERVAL", "3600000"));
            Process process = demo.start();
            try {
                URI site = URI.create("http://localhost:" + port + "/");
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    assertThat(process.isAlive()).as("demo.sh is running; see %s", output).isTrue();
                    return Files.readString(output).contains("demo:");
                });
                assertThat(get(site).statusCode()).isEqualTo(200);
                assertThat(get(site.resolve("skopos/skopos.js")).statusCode()).isEqualTo(200);

                for (int i = 0; i < EVENTS; i++) {
                    assertThat(new Browser("192.0.2.77").post(site.resolve("api/event"), "text/plain",
                            "{\"type\":\"pageView\",\"url\":\"http://localhost:" + port + "/drain/" + i + "\"}")
                            .statusCode()).isEqualTo(204);
                }
                assertThat(pocketBase.admin().count("events")).as("batched, not yet written").isZero();
                HttpResponse<String> panel = get(site.resolve("api/demo/stats"));
                assertThat(panel.statusCode()).as("the demo panel reads the external PocketBase").isEqualTo(200);
                assertThat(panel.body()).contains("\"pageViews\":0");

                process.destroy();
                assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("demo.sh ends after SIGTERM").isTrue();
            } finally {
                stop(process);
            }

            assertThat(pocketBase.admin().count("events")).isEqualTo(EVENTS);
            String printed = Files.readString(output);
            assertThat(printed).contains("using the PocketBase at " + pocketBase.url())
                    .doesNotContain("starting PocketBase").doesNotContain(pocketBase.adminPassword());
        }
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void stop(Process process) throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
