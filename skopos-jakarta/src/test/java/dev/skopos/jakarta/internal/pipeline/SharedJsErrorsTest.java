package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.FlushResult;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseDates;
import dev.skopos.jakarta.internal.queue.Flusher;
import dev.skopos.jakarta.testing.FaultyStore.Fault;
import dev.skopos.jakarta.testing.FaultyStore.Operation;
import dev.skopos.jakarta.testing.FaultyStore;
import dev.skopos.jakarta.testing.LogCapture;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.logging.Level;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the tracker sharing their state through a Hazelcast member each, against one real
 * PocketBase: an error reported on both has one {@code js_errors} record whose count is every report, however
 * their flushes interleave, whichever instance writes, and whatever becomes of a write.
 */
class SharedJsErrorsTest {
    private static final Instant MORNING = Instant.parse("2026-03-10T09:00:00Z");
    /** The JS error writer's lease lasts three JS error flushes, an hour each in the harness. */
    private static final Duration WRITER_TERM = Duration.ofHours(3);
    private static final String BOOM = "TypeError: cart is null";
    private static final String OTHER = "RangeError: invalid array length";
    /**
     * How long the next writer waits for a write another instance sent without an answer, on its own clock
     * ({@code InFlightWrites.LIMIT}).
     */
    private static final Duration WRITE_IN_FLIGHT_LIMIT = Duration.ofMinutes(1);

    @RegisterExtension
    final SharedInstances instances = new SharedInstances(MORNING);
    private final String atA = newIp();
    private final String atB = newIp();
    private FaultyStore faulty;
    private HeldRequests errorsOfA;

    /** Instance a, which reaches PocketBase through {@link #faulty}. */
    private TrackerHarness writerWithFaults() {
        return instances.instance(0, real -> faulty = new FaultyStore(real));
    }

    private static void report(TrackerHarness tracker, String ip, String message) {
        assertThat(tracker.track(browser(ip), pageView("/app").add("type", "jsError").add("errorMessage", message)
                .add("stackTrace", message + "\n    at render (app.js:10:5)").build())).isTrue();
    }

    private List<JsonObject> records(String message) {
        return new PocketBaseView(instances.pocketBase()).jsErrors().stream()
                .filter(error -> error.getString("errorMessage").equals(message)).toList();
    }

    private JsonObject record(String message) {
        List<JsonObject> records = records(message);
        assertThat(records).as("records of %s", message).hasSize(1);
        return records.get(0);
    }

    private long count(String message) {
        return record(message).getJsonNumber("count").longValue();
    }

    @Test
    void errorsReportedOnBothInstancesAreCountedExactlyOnOneRecordEach() throws Exception {
        int rounds = 6;
        Instant latest;
        try (TrackerHarness a = instances.instance(0, UnaryOperator.identity());
             TrackerHarness b = instances.instance(1, UnaryOperator.identity())) {
            b.clock().advance(Duration.ofSeconds(10));
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < 3; i++) {
                    report(a, atA, BOOM);
                    report(b, atB, BOOM);
                    report(b, atB, OTHER);
                    report(a, atA, OTHER);
                }
                CompletableFuture.allOf(CompletableFuture.runAsync(a::flush), CompletableFuture.runAsync(b::flush))
                        .get();
                a.clock().advance(Duration.ofMinutes(1));
                b.clock().advance(Duration.ofMinutes(1));
            }
            latest = b.clock().instant().minus(Duration.ofMinutes(1));
            // whichever holds the lease writes what the other merged last
            a.flush();
            b.flush();

            for (TrackerHarness instance : List.of(a, b)) {
                Delivery delivery = instance.core().status().delivery();
                assertThat(delivery.written()).as("every report counts as written once merged")
                        .isEqualTo(delivery.accepted()).isEqualTo(rounds * 6L);
                assertThat(delivery.queued()).isZero();
            }
        }

        for (String message : List.of(BOOM, OTHER)) {
            JsonObject error = record(message);
            assertThat(error.getJsonNumber("count").longValue()).as(message).isEqualTo(rounds * 6L);
            assertThat(error.getString("lastSeen")).as(message).isEqualTo(PocketBaseDates.format(latest));
        }
    }

    /**
     * An instance whose clock runs behind merges its reports after the writer wrote later ones: the record keeps
     * the time of the latest report whichever order they are written in.
     */
    @Test
    void reportsWrittenLateNeverMoveTheLatestReportBack() throws Exception {
        try (TrackerHarness a = instances.instance(0, UnaryOperator.identity());
             TrackerHarness b = instances.instance(1, UnaryOperator.identity())) {
            b.clock().advance(Duration.ofSeconds(30));
            Instant latest = b.clock().instant();
            report(b, atB, BOOM);
            b.flush();
            a.flush();
            report(a, atA, BOOM);
            a.flush();
            b.flush();

            assertThat(count(BOOM)).isEqualTo(2);
            assertThat(record(BOOM).getString("lastSeen")).isEqualTo(PocketBaseDates.format(latest));
        }
    }

    /**
     * The writer's last write, of an error with a record (an update) or without one (a create), fails or loses
     * its answer; its retries fail.
     */
    @ParameterizedTest
    @CsvSource({"SAVED_THEN_TIMEOUT, false", "TOO_MANY_REQUESTS, false", "SAVED_THEN_TIMEOUT, true",
            "TOO_MANY_REQUESTS, true"})
    void whenTheWritingInstanceDiesTheOtherWritesWhatItHadMerged(Fault lastWrite, boolean newError) throws Exception {
        String error = newError ? OTHER : BOOM;
        try (TrackerHarness a = writerWithFaults();
             TrackerHarness b = instances.instance(1, UnaryOperator.identity())) {
            report(a, atA, BOOM);
            a.flush();
            assertThat(count(BOOM)).as("a holds the lease").isEqualTo(1);

            report(b, atB, error);
            report(b, atB, error);
            b.flush();
            assertThat(records(error)).as("b merges its reports for a to write")
                    .allSatisfy(record -> assertThat(record.getInt("count")).isEqualTo(1));
            // a's next write takes its own report and b's in, then fails or loses its answer; its retries fail
            faulty.fail(lastWrite, Operation.CREATE, "js_errors", 1).fail(lastWrite, Operation.UPDATE, "js_errors", 1)
                    .fail(Fault.TOO_MANY_REQUESTS, Operation.CREATE, "js_errors", Integer.MAX_VALUE)
                    .fail(Fault.TOO_MANY_REQUESTS, Operation.UPDATE, "js_errors", Integer.MAX_VALUE);
            report(a, atA, error);
            a.pipeline().flush(Duration.ofMillis(300));
            assertThat(faulty.injected()).isPositive();
            instances.engine().kill(0);
            a.pipeline().flush(Duration.ofMillis(300));
            assertThat(a.core().status().sharedState()).as("a goes on alone").contains("unreachable");

            // b sees a's lease unchanged for a whole term on its own clock, then takes it over, and sends a's last
            // count again once it can no longer land
            b.flush();
            b.clock().advance(WRITER_TERM);
            b.flush();
            b.clock().advance(WRITE_IN_FLIGHT_LIMIT);
            b.flush();
            assertThat(count(error)).isEqualTo(newError ? 3 : 4);
        }
        assertThat(count(error)).isEqualTo(newError ? 3 : 4);
        assertThat(count(BOOM)).isEqualTo(newError ? 1 : 4);
    }

    @Test
    void aCountWriteStalledPastTheTakeoverUndoesNoReport() throws Exception {
        try (TrackerHarness a = instances.instance(0, real -> errorsOfA = new HeldRequests(real, "js_errors",
                HeldRequests.Request.UPDATE));
             TrackerHarness b = instances.instance(1, UnaryOperator.identity())) {
            report(a, atA, BOOM);
            a.flush();
            assertThat(count(BOOM)).as("a holds the lease").isEqualTo(1);

            errorsOfA.hold();
            report(a, atA, BOOM);
            CompletableFuture<FlushResult> stalled = CompletableFuture.supplyAsync(a::flush);
            await().atMost(Duration.ofSeconds(10)).until(errorsOfA::holdsOne);

            // b sees a's lease unchanged for a whole term and takes it over, while a's write is still on its way
            report(b, atB, BOOM);
            report(b, atB, BOOM);
            b.flush();
            b.clock().advance(WRITER_TERM);
            b.flush();
            assertThat(count(BOOM)).as("b waits for a's write").isEqualTo(1);

            errorsOfA.release();
            stalled.get();
            b.flush();
        }
        assertThat(count(BOOM)).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"SAVED_THEN_TIMEOUT", "TOO_MANY_REQUESTS"})
    void aWriteThatFailsOrLosesItsAnswerIsSentAgainAndCountedOnce(Fault fault) throws Exception {
        try (TrackerHarness a = writerWithFaults();
             TrackerHarness b = instances.instance(1, UnaryOperator.identity())) {
            a.flush();
            faulty.fail(fault, Operation.CREATE, "js_errors", 1);
            threeReportsWrittenByA(a, b);
            assertThat(faulty.injected()).as("the create failed").isEqualTo(1);
            assertThat(count(BOOM)).isEqualTo(3);

            faulty.fail(fault, Operation.UPDATE, "js_errors", 1);
            threeReportsWrittenByA(a, b);
            assertThat(faulty.injected()).as("the update failed").isEqualTo(2);
            assertThat(count(BOOM)).isEqualTo(6);
        }
        assertThat(count(BOOM)).isEqualTo(6);
    }

    /** b reports the error twice and merges its reports; a, the writer, reports it once and writes all three. */
    private void threeReportsWrittenByA(TrackerHarness a, TrackerHarness b) {
        report(b, atB, BOOM);
        report(b, atB, BOOM);
        b.flush();
        report(a, atA, BOOM);
        a.flush();
    }

    @Test
    void anErrorPocketBaseRefusesIsDroppedAndTheOthersAreWritten() throws Exception {
        String poison = "Error: refused";
        String ip = newIp();
        try (TrackerHarness a = instances.instance(0, real -> new FaultyStore(real).fail(Fault.REFUSED,
                Operation.CREATE, "js_errors", error -> error.getString("errorMessage").equals(poison), 1));
             LogCapture log = LogCapture.of(Flusher.class)) {
            report(a, ip, poison);
            report(a, ip, BOOM);
            a.flush();
            assertThat(records(poison)).isEmpty();
            assertThat(count(BOOM)).isEqualTo(1);
            assertThat(log.messages(Level.WARNING)).anySatisfy(message -> assertThat(message)
                    .startsWith("Skopos dropped JS error reports PocketBase refused"));

            report(a, ip, poison);
            a.flush();
            assertThat(count(poison)).as("the refused reports are not sent again").isEqualTo(1);
        }
    }

    @Test
    void whileTheEngineFailsAnInstanceWritesItsOwnReportsAlone() throws Exception {
        String ip = newIp();
        try (TrackerHarness a = instances.instance(0, UnaryOperator.identity())) {
            instances.engine().kill(0);
            report(a, ip, BOOM);
            report(a, ip, BOOM);
            a.flush();
            assertThat(a.core().status().sharedState()).contains("unreachable");
            assertThat(count(BOOM)).isEqualTo(2);
        }
    }

    @Test
    void atShutdownEachInstanceMergesItsReportsAndTheWriterWritesThemAndGivesUpItsLease() throws Exception {
        try (TrackerHarness a = instances.instance(0, UnaryOperator.identity())) {
            a.flush();
            try (TrackerHarness b = instances.instance(1, UnaryOperator.identity())) {
                report(b, newIp(), BOOM);
                report(b, newIp(), BOOM);
            }
            assertThat(records(BOOM)).as("b merged its reports and left them to the writer").isEmpty();
            report(a, newIp(), BOOM);
        }
        assertThat(count(BOOM)).isEqualTo(3);
        assertThat(instances.engine().map(1).get("skopos:" + instances.pocketBase().trackingId()
                + ":js-error-writer")).as("the writer's lease, given up").isEmpty();
    }
}
