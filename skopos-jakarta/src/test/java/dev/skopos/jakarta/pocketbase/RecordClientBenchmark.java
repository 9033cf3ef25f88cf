package dev.skopos.jakarta.pocketbase;

import dev.skopos.jakarta.bench.ProcessCpu;
import dev.skopos.jakarta.testing.PocketBaseServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
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

import static dev.skopos.jakarta.support.JsonProviders.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one record create costs the tracker's JVM, by HTTP client, against a real PocketBase 0.22: the
 * MicroProfile Rest Client of the test classpath (RESTEasy, as in Open Liberty and WildFly) and the
 * kept-alive connections of {@link RecordRequests}. (A JDK {@code HttpClient} in their place cost 2.5 to 4 times
 * RESTEasy's CPU per create, measured by an earlier version of this benchmark.) Each writes rounds of event records from 4 threads, the two taking turns so
 * that both meet the same machine; CPU time is the whole JVM's (all its threads, the HTTP clients' own
 * included) but for the JIT compiler threads, from {@code /proc}. Run with
 * {@code mvn -pl skopos-jakarta -Pbenchmark test -Dtest=RecordClientBenchmark}.
 */
@Tag("benchmark")
class RecordClientBenchmark {
    private static final int THREADS = 4;
    private static final int PER_ROUND = 2000;
    private static final int ROUNDS = 4;

    /** The create of the Rest Client path, as the tracker declared it before it sent records itself. */
    @Path("/api")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    @RegisterProvider(PocketBaseErrorMapper.class)
    public interface RestClientRecords {
        @POST
        @Path("/collections/{collection}/records")
        JsonObject create(@HeaderParam(HttpHeaders.AUTHORIZATION) String token,
                          @PathParam("collection") String collection, JsonObject record);
    }

    /** Creates one record with a token. */
    private interface Create {
        void create(String token, JsonObject record);
    }

    @Test
    void restClientAgainstTheJdkClient() throws Exception {
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            URI url = URI.create(pocketBase.url());
            String token = pocketBase.admin().login();
            String session = pocketBase.admin().create("sessions", Json.createObjectBuilder()
                    .add("website", pocketBase.websiteId()).build()).getString("id");
            RestClientRecords restClient = RestClientBuilder.newBuilder().baseUri(url)
                    .property("microprofile.rest.client.disable.default.mapper", true)
                    .build(RestClientRecords.class);
            RecordRequests jdkClient = new RecordRequests(url, Duration.ofSeconds(5), Duration.ofSeconds(15));
            Map<String, Create> clients = new LinkedHashMap<>();
            clients.put("MicroProfile Rest Client (RESTEasy)", (t, record) -> restClient.create(t, "events", record));
            clients.put("kept-alive sockets (RecordRequests)", (t, record) -> jdkClient.create(t, "events", record));

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
            jdkClient.close();

            System.out.printf(Locale.ROOT, "%n%d rounds of %d event creates from %d threads per client, taking turns,"
                    + " the first round of each a warm-up%n%-40s %22s %16s%n", ROUNDS, PER_ROUND, THREADS, "client",
                    "JVM CPU µs/create", "creates/s");
            cpu.forEach((name, totals) -> System.out.printf(Locale.ROOT, "%-40s %22.0f %16.0f%n", name,
                    totals[0] * 1e3 / ((ROUNDS - 1) * PER_ROUND), (ROUNDS - 1) * PER_ROUND / totals[1]));
            assertThat(pocketBase.admin().count("events")).isEqualTo(ROUNDS * PER_ROUND * clients.size());
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

    private static double workingCpuMillis() {
        long self = ProcessHandle.current().pid();
        return ProcessCpu.millis(self) - ProcessCpu.compilerMillis(self);
    }
}
