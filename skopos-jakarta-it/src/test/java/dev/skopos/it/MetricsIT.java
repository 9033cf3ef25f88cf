package dev.skopos.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery counts as MicroProfile Metrics, read from the server's own endpoint in Prometheus text, on the
 * servers that offer MicroProfile Metrics. WildFly offers none (it moved to Micrometer); there the other tests
 * show that the same WAR deploys and tracks without them.
 */
@ExtendWith({ItPocketBase.class, ArquillianExtension.class})
class MetricsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ItEnvironment.war();
    }

    /** The server's application metrics in Prometheus text. */
    private static String applicationMetrics() throws IOException, InterruptedException {
        URI root = URI.create(System.getProperty("skopos.it.metrics-root"));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(root.resolve("metrics?scope=application"))
                .header("Accept", "text/plain").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /**
     * The value of a sample: the line of {@code name} that carries {@code label} (any labels the server adds
     * besides), or -1 when there is none.
     */
    private static double sample(String metrics, String name, String label) {
        Matcher line = Pattern.compile("^" + name + "(?:\\{([^}]*)})?\\s+(\\S+)", Pattern.MULTILINE).matcher(metrics);
        while (line.find()) {
            if (label.isEmpty() || (line.group(1) != null && line.group(1).contains(label))) {
                return Double.parseDouble(line.group(2));
            }
        }
        return -1;
    }

    private static double sample(String metrics, String name) {
        return sample(metrics, name, "");
    }

    @Test
    void acceptedWrittenAndDroppedEventsShowInTheApplicationMetrics() throws Exception {
        assumeThat(System.getProperty("skopos.it.metrics-root"))
                .as("this server offers no MicroProfile Metrics (WildFly ships Micrometer instead), so the tracker"
                        + " publishes none here; its counts are in the readiness check")
                .isNotNull();
        await().atMost(Duration.ofSeconds(30)).until(() -> sample(applicationMetrics(), "skopos_events_accepted") >= 0);
        String before = applicationMetrics();
        double accepted = sample(before, "skopos_events_accepted");
        double filtered = sample(before, "skopos_events_dropped", "reason=\"filtered\"");

        PageViews.post("metrics", 3);
        new Browser("192.0.2.99").post(ItEnvironment.application().resolve("api/event"), "application/json",
                "{\"type\":\"pageView\",\"url\":\"https://another-site.example/page\"}");
        new Browser("192.0.2.99").post(ItEnvironment.application().resolve("api/actions/flush"), "text/plain", "");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String after = applicationMetrics();
            assertThat(sample(after, "skopos_pocketbase_up")).isEqualTo(1);
            assertThat(sample(after, "skopos_events_accepted")).isEqualTo(accepted + 3);
            assertThat(sample(after, "skopos_events_written")).isEqualTo(accepted + 3);
            assertThat(sample(after, "skopos_events_queued")).isZero();
            assertThat(sample(after, "skopos_events_oldest_queued_seconds")).isZero();
            assertThat(sample(after, "skopos_writes_retried")).isZero();
            assertThat(sample(after, "skopos_events_dropped", "reason=\"filtered\"")).isEqualTo(filtered + 1);
            assertThat(sample(after, "skopos_events_dropped", "reason=\"refused\"")).isZero();
        });
        assertThat(PageViews.stored("metrics")).isEqualTo(3);
    }
}
