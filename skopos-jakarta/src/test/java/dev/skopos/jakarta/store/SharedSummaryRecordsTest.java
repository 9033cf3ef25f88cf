package dev.skopos.jakarta.store;

import dev.skopos.jakarta.cluster.SharedMap;
import dev.skopos.jakarta.cluster.WriterLease;
import dev.skopos.jakarta.pocketbase.AdminCredentials;
import dev.skopos.jakarta.pocketbase.PocketBaseClient;
import dev.skopos.jakarta.summary.DailySummaries;
import dev.skopos.jakarta.testing.HazelcastMembers;
import dev.skopos.jakarta.testing.PocketBaseServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;

class SharedSummaryRecordsTest {

    /**
     * An instance that started while PocketBase was unreachable has not loaded its website, yet takes the
     * writer's lease on its first summary interval: with nothing shared to write it must not ask for the website.
     */
    @Test
    void theWriterWithNothingToWriteDoesNotNeedTheWebsite() {
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             PocketBaseClient client = PocketBaseClient.create(URI.create(pocketBase.url()),
                     new AdminCredentials(pocketBase.adminEmail(), pocketBase.adminPassword()));
             HazelcastMembers engine = new HazelcastMembers(1)) {
            SharedMap shared = engine.map(0);
            SharedSummaryRecords records = new SharedSummaryRecords(new PocketBaseStore(client), () -> {
                throw new NoSuchElementException("the website is not loaded yet");
            }, new DailySummaries(bytes -> { }), shared, "summaries", new WriterLease(shared, "summary-writer",
                    "this-instance", Duration.ofSeconds(15), Clock.systemUTC()));

            assertThat(records.write()).isZero();
            assertThat(records.isEmpty()).isTrue();
            assertThat(shared.get("summary-writer")).as("it holds the lease").hasValue("this-instance 0");
        }
    }
}
