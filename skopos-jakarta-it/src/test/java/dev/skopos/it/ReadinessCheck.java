package dev.skopos.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** The deployed tracker's checks, as MicroProfile Health serves them where the server serves health. */
final class ReadinessCheck {
    static final String POCKETBASE = "skopos-pocketbase";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ReadinessCheck() {
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(ItEnvironment.healthRoot().resolve(path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The named check of a MicroProfile Health answer. */
    static JsonObject check(HttpResponse<String> response, String name) {
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .filter(check -> check.getString("name").equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no check " + name + " in " + response.body()));
        }
    }

    /**
     * Waits until the tracker has loaded its website from PocketBase: its readiness data names no reason. Events
     * posted before then wait for the website, and a flush does not write them yet.
     */
    static void awaitTrackerConnected() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                !check(get("health/ready"), POCKETBASE).getJsonObject("data").containsKey("reason"));
    }
}
