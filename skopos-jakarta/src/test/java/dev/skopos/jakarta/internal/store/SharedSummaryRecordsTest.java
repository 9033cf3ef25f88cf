package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.cluster.SharedMap;
import dev.skopos.jakarta.internal.cluster.SharedStateHealth;
import dev.skopos.jakarta.internal.cluster.WriterLease;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseClient;
import dev.skopos.jakarta.internal.summary.DailySummaries;
import dev.skopos.jakarta.testing.HazelcastMembers;
import dev.skopos.jakarta.testing.LogCapture;
import dev.skopos.jakarta.testing.PocketBaseServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer's lease as instances sharing one engine see it, before any of them has loaded its website. */
class SharedSummaryRecordsTest {
    private PocketBaseServer pocketBase;
    private PocketBaseClient client;
    private HazelcastMembers engine;
    private SharedMap shared;

    @BeforeEach
    void start() {
        pocketBase = PocketBaseServer.start();
        client = PocketBaseClient.create(URI.create(pocketBase.url()), pocketBase.adminCredentials());
        engine = new HazelcastMembers(1);
        shared = engine.map(0);
    }

    @AfterEach
    void stop() {
        engine.close();
        client.close();
        pocketBase.close();
    }

    /** An instance whose website is not loaded yet, e.g. because PocketBase was unreachable when it started. */
    private SharedSummaryRecords instance(String name) {
        return new SharedSummaryRecords(new PocketBaseStore(client), () -> {
            throw new NoSuchElementException("the website is not loaded yet");
        }, new DailySummaries(bytes -> { }), shared, "summaries", new WriterLease(shared, "summary-writer", name,
                Duration.ofSeconds(15), Clock.systemUTC()), new SharedStateHealth(), Clock.systemUTC());
    }

    @Test
    void theWriterWithNothingToWriteDoesNotNeedTheWebsite() {
        SharedSummaryRecords records = instance("a");

        assertThat(records.write()).isZero();
        assertThat(records.isEmpty()).isTrue();
        assertThat(shared.get("summary-writer")).as("it holds the lease").hasValue("a 0");
    }

    @Test
    void theInstanceThatBecomesTheWriterSaysSoOnce() {
        SharedSummaryRecords a = instance("a");
        SharedSummaryRecords b = instance("b");
        try (LogCapture log = LogCapture.of(SharedSummaryRecords.class)) {
            a.write();
            a.write();
            b.write();
            assertThat(log.messages(Level.INFO)).singleElement().asString()
                    .startsWith("Skopos on this instance now writes the daily summaries of all instances");

            a.stopped();
            b.write();
            assertThat(log.messages(Level.INFO)).hasSize(2);
            assertThat(shared.get("summary-writer")).hasValue("b 0");
        }
    }
}
