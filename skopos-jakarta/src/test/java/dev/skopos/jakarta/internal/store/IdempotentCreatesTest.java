package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.pocketbase.PocketBaseClient;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.pocketbase.RecordIds;
import dev.skopos.jakarta.testing.ForwardingStore;
import dev.skopos.jakarta.testing.PocketBaseServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Creates under the tracker's own ids against a real PocketBase, with the answer of the first one lost. */
class IdempotentCreatesTest {
    private static PocketBaseServer pocketBase;
    private static PocketBaseClient client;

    @BeforeAll
    static void start() {
        pocketBase = PocketBaseServer.start();
        client = PocketBaseClient.create(URI.create(pocketBase.url()), pocketBase.adminCredentials());
    }

    @AfterAll
    static void stop() {
        client.close();
        pocketBase.close();
    }

    /** Saves the first create, then answers it as if the connection had dropped; counts the reads. */
    private static final class LosingFirstAnswer extends ForwardingStore {
        final AtomicBoolean lose = new AtomicBoolean(true);
        final AtomicInteger reads = new AtomicInteger();

        LosingFirstAnswer() {
            super(new PocketBaseStore(client));
        }

        @Override
        public JsonObject create(String collection, JsonObject record) {
            JsonObject created = real.create(collection, record);
            if (lose.getAndSet(false)) {
                throw new PocketBaseException(0, "answer lost");
            }
            return created;
        }

        @Override
        public JsonObject get(String collection, String id) {
            reads.incrementAndGet();
            return real.get(collection, id);
        }
    }

    @Test
    void aRetryAfterALostAnswerIsRecognisedAsOursWithoutAnExtraRead() {
        LosingFirstAnswer store = new LosingFirstAnswer();
        IdempotentCreates creates = new IdempotentCreates(store);
        String id = RecordIds.random();
        JsonObject visitor = Json.createObjectBuilder().add("website", pocketBase.websiteId())
                .add("visitorId", "lost-answer").build();

        try {
            creates.create("visitors", id, visitor);
        } catch (PocketBaseException unreachable) {
            assertThat(unreachable.isUnreachable()).isTrue();
        }
        assertThat(creates.create("visitors", id, visitor)).as("the record its own first attempt wrote")
                .isEqualTo(IdempotentCreates.Outcome.CREATED_BY_EARLIER_ATTEMPT);

        assertThat(store.reads).as("PocketBase names the taken id, so no read is needed").hasValue(0);
        assertThat(pocketBase.admin().list("visitors", "visitorId = 'lost-answer'")).hasSize(1);
    }

    @Test
    void anIdAnotherWriterTookIsNotOurs() {
        String id = RecordIds.random();
        client.create("visitors", Json.createObjectBuilder().add("id", id).add("visitorId", "other-writer").build());

        assertThat(new IdempotentCreates(new PocketBaseStore(client)).create("visitors", id,
                Json.createObjectBuilder().add("visitorId", "other-writer").build()))
                .isEqualTo(IdempotentCreates.Outcome.CREATED_BY_ANOTHER);
    }
}
