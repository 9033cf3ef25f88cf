package dev.skopos.jakarta.internal.pocketbase;

import dev.skopos.jakarta.bench.ProcessCpu;
import dev.skopos.jakarta.testing.PocketBaseServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one record create costs the tracker's JVM, by HTTP client, against a real PocketBase: the library's
 * hand-written HTTP/1.1 client ({@link PocketBaseHttp}, through {@link RecordRequests} as the tracker uses it), the
 * JDK's {@link HttpURLConnection} and the JDK's {@link HttpClient}, each sending the same JSON and reading and
 * parsing the whole answer. The hand-written client is only worth keeping while it costs less than
 * both. Each writes rounds of event records
 * from 4 threads, the three taking turns so that all meet the same machine; CPU time is the whole JVM's (all its
 * threads, the HTTP clients' own included) but for the JIT compiler threads, from {@code /proc}. Run with
 * {@code mvn -pl skopos-jakarta -Pbenchmark test -Dtest=RecordClientBenchmark}.
 */
@Tag("benchmark")
class RecordClientBenchmark {
    private static final int THREADS = 4;
    private static final int PER_ROUND = 2000;
    private static final int ROUNDS = 4;

    /** Creates one record with a token. */
    private interface Create {
        void create(String token, JsonObject record);
    }

    @Test
    void handWrittenAgainstTheJdkClients() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            URI url = URI.create(pocketBase.url());
            String token = pocketBase.admin().login();
            String session = pocketBase.admin().create("sessions", Json.createObjectBuilder()
                    .add("website", pocketBase.websiteId()).build()).getString("id");
            PocketBaseHttp http = new PocketBaseHttp(Origin.of(url), PocketBaseHttp.REQUEST_DEADLINE,
                    PocketBaseHttp.MAX_ANSWER_BYTES, Clock.systemUTC());
            RecordRequests handWritten = new RecordRequests(http);
            HttpClient jdkClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI events = URI.create(url + "/api/collections/events/records");
            Map<String, Create> clients = new LinkedHashMap<>();
            clients.put("hand-written HTTP/1.1 (PocketBaseHttp)",
                    (t, record) -> handWritten.create(t, "events", record));
            clients.put("HttpURLConnection", (t, record) -> urlConnectionCreate(events, t, record));
            clients.put("java.net.http.HttpClient", (t, record) -> httpClientCreate(jdkClient, events, t, record));

            Map<String, double[]> cpu = new LinkedHashMap<>();
            clients.keySet().forEach(name -> cpu.put(name, new double[2]));
            for (int round = 0; round < ROUNDS; round++) {
                for (Map.Entry<String, Create> client : clients.entrySet()) {
                    double[] measured = writeRound(client.getValue(), token, session);
                    if (round > 0) { // the first round of each warms up
                        cpu.get(client.getKey())[0] += measured[0];
                        cpu.get(client.getKey())[1] += measured[1];
                    }
                }
            }
            http.close();

            System.out.printf(Locale.ROOT, "%nPocketBase %s; %d rounds of %d event creates from %d threads per client,"
                    + " taking turns, the first round of each a warm-up; load average %s%n%-40s %22s %16s%n",
                    pocketBase.version(), ROUNDS, PER_ROUND, THREADS, loadAverage(), "client", "JVM CPU µs/create",
                    "creates/s");
            cpu.forEach((name, totals) -> System.out.printf(Locale.ROOT, "%-40s %22.0f %16.0f%n", name,
                    totals[0] * 1e3 / ((ROUNDS - 1) * PER_ROUND), (ROUNDS - 1) * PER_ROUND / totals[1]));
            assertThat(pocketBase.admin().count("events")).isEqualTo(ROUNDS * PER_ROUND * clients.size());
        }
    }

    private static void urlConnectionCreate(URI url, String token, JsonObject record) {
        try {
            HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
            byte[] body = record.toString().getBytes(StandardCharsets.UTF_8);
            connection.setRequestMethod("POST");
            connection.setConnectTimeout(5000);
            connection.setReadTimeout(15000);
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("Authorization", token);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty("Accept", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                parse(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void httpClientCreate(HttpClient client, URI url, String token, JsonObject record) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(15))
                .header("Authorization", token).header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(record.toString())).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            parse(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void parse(int status, String body) {
        if (status >= 300) {
            throw new IllegalStateException("PocketBase answered " + status + ": " + body);
        }
        try (JsonReader reader = JSON.createReader(new StringReader(body))) {
            reader.readObject();
        }
    }

    /** One round of creates; returns the JVM's CPU milliseconds but for compiling, and the seconds it took. */
    private static double[] writeRound(Create create, String token, String session) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            AtomicInteger next = new AtomicInteger();
            double cpuBefore = workingCpuMillis();
            long started = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    for (int n = next.getAndIncrement(); n < PER_ROUND; n = next.getAndIncrement()) {
                        create.create(token, JSON.createObjectBuilder().add("session", session)
                                .add("type", "pageView").add("path", "/p" + n).build());
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            return new double[] {workingCpuMillis() - cpuBefore, (System.nanoTime() - started) / 1e9};
        } finally {
            pool.shutdown();
        }
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    private static double workingCpuMillis() {
        long self = ProcessHandle.current().pid();
        return ProcessCpu.millis(self) - ProcessCpu.compilerMillis(self);
    }
}
