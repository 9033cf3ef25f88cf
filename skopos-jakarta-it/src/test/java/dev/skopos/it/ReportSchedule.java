package dev.skopos.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static dev.skopos.it.StoredEvents.SERVER_VISITOR;
import static dev.skopos.it.StoredEvents.eventsNamed;
import static org.assertj.core.api.Assertions.assertThat;

/** The deployed application's report timer (an enterprise bean's), driven through its resource. */
final class ReportSchedule {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ReportSchedule() {
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 204);
        return response;
    }

    private static URI schedule(String rest) {
        return ItEnvironment.application().resolve("api/reports/schedule" + rest);
    }

    /** Starts the timer from a request of {@code browser}. */
    static void start(Browser browser, Duration interval) throws IOException, InterruptedException {
        assertThat(browser.post(schedule("?everyMillis=" + interval.toMillis()), "text/plain", "").statusCode())
                .isEqualTo(204);
    }

    static void stop() throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(schedule("")).DELETE());
    }

    /** How many runs the application has recorded (the tracker accepted) so far. */
    static int runsRecorded() throws IOException, InterruptedException {
        return Integer.parseInt(send(HttpRequest.newBuilder(schedule("/runs"))).body().trim());
    }

    /** The run numbers of the report events PocketBase holds, in order. */
    static List<Integer> runsStored() {
        return eventsNamed(SERVER_VISITOR, "report_generated").stream()
                .map(event -> event.getJsonObject("eventData").getInt("run")).sorted().toList();
    }
}
