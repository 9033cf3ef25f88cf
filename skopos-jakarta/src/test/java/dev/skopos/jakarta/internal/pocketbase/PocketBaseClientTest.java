package dev.skopos.jakarta.internal.pocketbase;

import dev.skopos.jakarta.testing.FaultProxy;
import dev.skopos.jakarta.testing.PocketBaseServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against a real PocketBase. */
class PocketBaseClientTest {
    private static PocketBaseServer pocketBase;

    @BeforeAll
    static void startPocketBase() {
        pocketBase = PocketBaseServer.start();
    }

    @AfterAll
    static void stopPocketBase() {
        pocketBase.close();
    }

    private final List<PocketBaseClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(PocketBaseClient::close);
    }

    private PocketBaseClient client() {
        return client(pocketBase.url(), pocketBase.adminEmail(), pocketBase.adminPassword());
    }

    private PocketBaseClient client(String url, String email, String password) {
        PocketBaseClient client = PocketBaseClient.create(URI.create(url), new AdminCredentials(email, password));
        clients.add(client);
        return client;
    }

    private static JsonObject website(String trackingId) {
        return Json.createObjectBuilder().add("name", trackingId).add("trackingId", trackingId).build();
    }

    @Test
    void logsInAsAdministratorOfTheGenerationThatAnswers() {
        PocketBaseClient client = client();

        assertThat(client.login()).isEqualTo(pocketBase.generation());
        assertThat(client.generation()).contains(pocketBase.generation());
    }

    @Test
    void logsInAsATrackerAccount() {
        AdminCredentials account = pocketBase.createTrackerAccount();
        PocketBaseClient client = PocketBaseClient.create(URI.create(pocketBase.url()), account);
        clients.add(client);

        assertThat(client.login()).as("no administrator generation").isNull();
        assertThat(client.get("websites", pocketBase.websiteId()).getString("trackingId"))
                .isEqualTo(pocketBase.trackingId());
    }

    @Test
    void aLoginRefusedForAnotherReasonNamesItAndWhatToCheck() {
        AdminCredentials account = new AdminCredentials("tracker@skopos.test", "secret", Optional.of("no_trackers"));
        PocketBaseClient client = PocketBaseClient.create(URI.create(pocketBase.url()), account);
        clients.add(client);

        assertThatThrownBy(client::login).isInstanceOfSatisfying(LoginRefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(LoginRefusal.OTHER))
                .hasMessageContaining("the account tracker@skopos.test of the auth collection no_trackers (404")
                .hasMessageContaining("check that the collection exists");
    }

    @Test
    void rejectedCredentialsGiveAClearErrorWithoutThePassword() {
        String wrongPassword = "wrong-" + pocketBase.adminPassword();
        PocketBaseClient client = client(pocketBase.url(), pocketBase.adminEmail(), wrongPassword);

        assertThatThrownBy(client::login)
                .isInstanceOf(PocketBaseException.class)
                .hasMessageContaining("rejected the password login of the " + (pocketBase.generation()
                        == ApiGeneration.V0_22 ? "administrator " : "superuser ") + pocketBase.adminEmail())
                .message().doesNotContain(wrongPassword);
    }

    @Test
    void requestsGoOutOneAfterAnotherOnAKeptAliveConnection() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(pocketBase.url())) {
            PocketBaseClient client = client(proxy.url(), pocketBase.adminEmail(), pocketBase.adminPassword());
            client.login();

            for (int i = 0; i < 20; i++) {
                JsonObject created = client.create("websites", website("kept-alive-" + i));
                client.update("websites", created.getString("id"), Json.createObjectBuilder()
                        .add("domain", "kept-alive-" + i + ".example").build());
                assertThat(client.get("websites", created.getString("id")).getString("domain"))
                        .isEqualTo("kept-alive-" + i + ".example");
            }
            // a list long enough to come in chunks, and requests after it on the same connection
            assertThat(client.list("websites", null, "created", 1, 100)).hasSizeGreaterThanOrEqualTo(20);
            assertThat(client.findFirst("websites", Filter.eq("trackingId", "kept-alive-19"))).isPresent();

            assertThat(proxy.connectionsOpened()).as("the login's connection carried every request").isEqualTo(1);
        }
    }

    @Test
    void aConnectionClosedByTheOtherSideWhileIdleIsNotUsedAgain() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(pocketBase.url())) {
            PocketBaseClient client = client(proxy.url(), pocketBase.adminEmail(), pocketBase.adminPassword());
            client.create("websites", website("idle-before"));
            proxy.closeConnections();
            // idle long enough that the connection is checked before it is used again
            Thread.sleep(1_200);

            assertThat(client.create("websites", website("idle-after")).getString("trackingId"))
                    .isEqualTo("idle-after");
        }
    }

    @Test
    void unreachablePocketBaseIsReportedAsSuch() {
        PocketBaseClient client = client("http://127.0.0.1:1", "a@b.c", "password");

        assertThatThrownBy(client::login)
                .isInstanceOfSatisfying(PocketBaseException.class, e -> assertThat(e.isUnreachable()).isTrue())
                .hasMessageContaining("http://127.0.0.1:1 is unreachable");
    }

    @Test
    void createsUpdatesFindsAndListsRecords() {
        PocketBaseClient client = client();
        String id = client.create("websites", website("crud-site")).getString("id");

        client.update("websites", id, Json.createObjectBuilder().add("domain", "crud.example").build());

        assertThat(client.get("websites", id).getString("domain")).isEqualTo("crud.example");
        assertThat(client.findFirst("websites", Filter.eq("trackingId", "crud-site")))
                .hasValueSatisfying(record -> assertThat(record.getString("id")).isEqualTo(id));
        assertThat(client.list("websites", Filter.eq("domain", "crud.example"), "-created", 1, 10))
                .extracting(record -> record.getString("id")).containsExactly(id);
        assertThat(client.findFirst("websites", Filter.eq("trackingId", "no-such-site"))).isEmpty();
    }

    /**
     * What a proxy or a hook may put in the place of PocketBase's answer, for each record request: JSON, and a 2xx,
     * but no record with its id. It says nothing of whether a write landed, so it is no answer.
     */
    @Test
    void aRecordAnswerWithoutItsRecordsIsNoAnswer() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(pocketBase.url())) {
            PocketBaseClient client = client(proxy.url(), pocketBase.adminEmail(), pocketBase.adminPassword());
            String id = client.create("websites", website("answered-without-records")).getString("id");
            String records = "/api/collections/websites/records";
            proxy.replaceAnswers("POST", records, 1, ok("{\"name\":\"created-without-id\"}"));
            proxy.replaceAnswers("PATCH", records + "/" + id, 1, ok("{}"));
            proxy.replaceAnswers("GET", records + "/" + id, 1, ok("{\"id\":7}"));
            proxy.replaceAnswers("GET", records + "?", 2, ok("{\"page\":1,\"items\":[{\"name\":\"x\"}]}"));
            proxy.replaceAnswers("POST", "/api/batch", 1, ok("[{\"status\":200,\"body\":{}}]"));

            List<ThrowingCallable> requests = List.of(
                    () -> client.create("websites", website("created-without-id")),
                    () -> client.update("websites", id, Json.createObjectBuilder().add("domain", "a.example").build()),
                    () -> client.get("websites", id),
                    () -> client.list("websites", null, null, 1, 10),
                    () -> client.findFirst("websites", Filter.eq("trackingId", pocketBase.trackingId())),
                    () -> client.batch(List.of(BatchRequest.create("websites", website("batched-without-id")))));
            for (ThrowingCallable request : requests) {
                assertThatThrownBy(request).isInstanceOfSatisfying(PocketBaseException.class,
                        e -> assertThat(e.isUnreachable()).isTrue()).hasMessageContaining("PocketBase answered with");
            }
            assertThat(proxy.answersReplaced()).isEqualTo(requests.size());
        }
    }

    private static String ok(String json) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length()
                + "\r\nConnection: close\r\n\r\n" + json;
    }

    @Test
    void logsInAgainWhenPocketBaseRejectsTheToken() {
        PocketBaseClient client = client();
        client.login();
        pocketBase.admin().invalidateTokens();

        assertThat(client.findFirst("websites", Filter.eq("trackingId", pocketBase.trackingId()))).isPresent();
    }

    @Test
    void filterValuesCannotWidenTheQuery() {
        PocketBaseClient client = client();
        List<String> hostile = List.of("quote\"site", "x\" || trackingId != \"x", "pipes || true",
                "it's", "both'\"quotes");
        for (String trackingId : hostile) {
            client.create("websites", website(trackingId));
        }

        for (String trackingId : hostile) {
            assertThat(client.list("websites", Filter.eq("trackingId", trackingId), null, 1, 50))
                    .as("records matching %s", trackingId)
                    .extracting(record -> record.getString("trackingId")).containsExactly(trackingId);
        }
        assertThat(client.list("websites", Filter.eq("trackingId", "\" || trackingId != \""), null, 1, 50))
                .isEmpty();
    }
}
