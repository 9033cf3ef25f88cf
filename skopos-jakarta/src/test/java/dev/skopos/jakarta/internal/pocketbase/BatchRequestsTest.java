package dev.skopos.jakarta.internal.pocketbase;

import dev.skopos.jakarta.testing.PocketBaseServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code /api/batch} as the client sends it, against a real PocketBase of either generation. */
class BatchRequestsTest {
    private static PocketBaseServer pocketBase;
    private static PocketBaseClient client;

    @BeforeAll
    static void start() {
        pocketBase = PocketBaseServer.start();
        client = PocketBaseClient.create(URI.create(pocketBase.url()), pocketBase.adminCredentials());
        client.login();
    }

    @AfterAll
    static void stop() {
        client.close();
        pocketBase.close();
    }

    private static JsonObject visitor(String id, String visitorId) {
        return Json.createObjectBuilder().add("id", id).add("website", pocketBase.websiteId())
                .add("visitorId", visitorId).build();
    }

    private static void assumeBatchesExist() {
        assumeTrue(pocketBase.generation() == ApiGeneration.V0_23, "PocketBase 0.22 has no batch API");
    }

    @Test
    void pocketBaseTakesBatchesOnlyOnceTheyAreTurnedOn() {
        assertThat(client.takesBatches()).as("off by default, and 0.22 has none").isFalse();
        assertThatThrownBy(() -> client.batch(List.of(BatchRequest.create("visitors", visitor("batchoff0000001",
                "batch-off"))))).isInstanceOfSatisfying(PocketBaseException.class,
                        e -> assertThat(e.isBatchUnavailable()).isTrue());
        assertThat(pocketBase.admin().list("visitors", "visitorId = 'batch-off'")).isEmpty();
        if (pocketBase.generation() == ApiGeneration.V0_23) {
            pocketBase.admin().setBatches(true, 50);
            try {
                assertThat(client.takesBatches()).isTrue();
            } finally {
                pocketBase.admin().setBatches(false, 50);
            }
        }
    }

    @Test
    void aBatchWritesInOrderAndAnswersWithTheStoredRecords() {
        assumeBatchesExist();
        pocketBase.admin().setBatches(true, 50);
        try {
            List<JsonObject> stored = client.batch(List.of(
                    BatchRequest.create("visitors", visitor("batchorder00001", "batch-order")),
                    BatchRequest.update("visitors", "batchorder00001",
                            Json.createObjectBuilder().add("name", "Ada").build())));

            assertThat(stored).extracting(record -> record.getString("id"))
                    .containsExactly("batchorder00001", "batchorder00001");
            assertThat(stored.get(1).getString("name")).isEqualTo("Ada");
            assertThat(pocketBase.admin().get("visitors", "batchorder00001").getString("name")).isEqualTo("Ada");
        } finally {
            pocketBase.admin().setBatches(false, 50);
        }
    }

    @Test
    void oneRefusedWriteRollsTheBatchBackAndIsNamed() {
        assumeBatchesExist();
        pocketBase.admin().setBatches(true, 50);
        try {
            client.create("visitors", visitor("batchtaken00001", "batch-taken"));

            assertThatThrownBy(() -> client.batch(List.of(
                    BatchRequest.create("visitors", visitor("batchfirst00001", "batch-first")),
                    BatchRequest.create("visitors", visitor("batchtaken00001", "batch-taken")))))
                    .isInstanceOfSatisfying(BatchRequestFailedException.class, e -> {
                        assertThat(e.request()).isEqualTo(1);
                        assertThat(e.failure().isIdTaken()).isTrue();
                    });
            assertThat(pocketBase.admin().list("visitors", "visitorId = 'batch-first'")).as("rolled back").isEmpty();
        } finally {
            pocketBase.admin().setBatches(false, 50);
        }
    }

    @Test
    void aBatchLongerThanPocketBaseTakesIsRefusedAsTooLong() {
        assumeBatchesExist();
        pocketBase.admin().setBatches(true, 2);
        try {
            assertThatThrownBy(() -> client.batch(List.of(
                    BatchRequest.create("visitors", visitor("batchlong000001", "batch-long")),
                    BatchRequest.create("visitors", visitor("batchlong000002", "batch-long")),
                    BatchRequest.create("visitors", visitor("batchlong000003", "batch-long")))))
                    .isInstanceOfSatisfying(PocketBaseException.class, e -> {
                        assertThat(e.isBatchTooLong()).isTrue();
                        assertThat(e.batchLimit()).isEqualTo(2);
                    });
        } finally {
            pocketBase.admin().setBatches(false, 50);
        }
    }
}
