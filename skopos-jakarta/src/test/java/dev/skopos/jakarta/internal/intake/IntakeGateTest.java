package dev.skopos.jakarta.internal.intake;

import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.delivery.DeliveryCounts;
import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class IntakeGateTest {
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final long BUDGET = 64L * 1024 * 1024;

    private final DeliveryCounts deliveryCounts = new DeliveryCounts();
    private final AtomicBoolean memoryNearlyFull = new AtomicBoolean();

    private IntakeGate gate(RateLimits limits) {
        return new IntakeGate(limits, true, deliveryCounts, BUDGET,
                memoryNearlyFull::get, new UserAgentAnalyzer());
    }

    private long drops(DropReason reason) {
        return deliveryCounts.snapshot(0, Duration.ZERO).dropped().get(reason);
    }

    private static RequestInfo from(String address) {
        return TrackerHarness.browser(address);
    }

    private static long admitted(IntakeGate gate, List<RequestInfo> requests, Instant at) {
        return requests.stream().filter(request -> gate.admitsBrowserEvent(request, at)).count();
    }

    private static List<RequestInfo> newcomers(int count) {
        return IntStream.range(0, count).mapToObj(i -> from("2001:db8:" + Integer.toHexString(i) + "::1")).toList();
    }

    @Test
    void requestsWithoutAnAddressShareOneAllowanceApartFromTheAddressedTraffic() {
        IntakeGate gate = gate(new RateLimits(5, 64, 0));
        List<RequestInfo> addressless = IntStream.range(0, 50).mapToObj(i -> from(null)).toList();

        assertThat(admitted(gate, addressless, START)).isEqualTo(5);
        assertThat(drops(DropReason.NO_ADDRESS_LIMITED)).isEqualTo(45);
        assertThat(drops(DropReason.RATE_LIMITED)).isZero();
        assertThat(admitted(gate, List.of(from("198.51.100.1")), START)).isEqualTo(1);
    }

    @Test
    void aFloodOfNewAddressesTakesHalfTheCeilingAndLeavesTheRestToEstablishedClients() {
        IntakeGate gate = gate(new RateLimits(60, 64, 100));
        List<RequestInfo> regulars = IntStream.range(0, 40).mapToObj(i -> from("198.51.100." + (i + 1))).toList();
        admitted(gate, regulars, START);
        Instant later = START.plusSeconds(30);

        assertThat(admitted(gate, newcomers(1_000), later)).isEqualTo(50);
        assertThat(admitted(gate, regulars, later)).as("the regular visitors, seen 30 s ago").isEqualTo(40);
        assertThat(drops(DropReason.SITE_LIMITED)).isEqualTo(950);
    }

    @Test
    void whileTheMemoryBudgetIsNearlyFullOnlyEstablishedClientsAreAdmitted() {
        IntakeGate gate = gate(new RateLimits(60, 64, 100));
        RequestInfo regular = from("198.51.100.1");
        gate.admitsBrowserEvent(regular, START);
        memoryNearlyFull.set(true);

        assertThat(gate.admitsBrowserEvent(from("198.51.100.2"), START.plusSeconds(30))).isFalse();
        assertThat(gate.admitsBrowserEvent(regular, START.plusSeconds(30))).isTrue();
        assertThat(drops(DropReason.SITE_LIMITED)).isEqualTo(1);
    }

    @Test
    void eachRefusalIsCountedByTheFirstCheckItFails() {
        IntakeGate gate = gate(new RateLimits(2, 64, 0));
        RequestInfo optedOut = TrackerHarness.browser("198.51.100.1", TrackerHarness.CHROME, Map.of("sec-gpc", "1"));
        RequestInfo automated = TrackerHarness.browser("198.51.100.2", TrackerHarness.CHROME,
                Map.of("x-puppeteer", "1"));
        RequestInfo headless = TrackerHarness.browser("198.51.100.3", "HeadlessChrome/131.0.0.0", Map.of());

        assertThat(admitted(gate, List.of(optedOut, optedOut, optedOut), START)).isZero();
        assertThat(admitted(gate, List.of(automated, headless), START)).isZero();

        assertThat(drops(DropReason.OPTED_OUT)).as("within the allowance").isEqualTo(2);
        assertThat(drops(DropReason.RATE_LIMITED)).as("the allowance is looked at first").isEqualTo(1);
        assertThat(drops(DropReason.FILTERED)).as("automation told from the headers").isEqualTo(2);
    }

    @Test
    void limitsOfZeroLetEverythingThrough() {
        IntakeGate gate = gate(new RateLimits(0, 64, 0));

        assertThat(admitted(gate, IntStream.range(0, 5_000).mapToObj(i -> from("198.51.100.1")).toList(), START))
                .isEqualTo(5_000);
        assertThat(gate.bytes()).isZero();
    }

    @Test
    void theTablesTakeAFixedShareOfTheBudget() {
        assertThat(gate(RateLimits.DEFAULTS).bytes()).isEqualTo(2L * 1024 * 1024);
    }

    @Test
    void theCeilingRefillsSoNewcomersGetInAgainOnceAFloodPasses() {
        IntakeGate gate = gate(new RateLimits(60, 64, 100));
        admitted(gate, newcomers(1_000), START);

        assertThat(gate.admitsBrowserEvent(from("198.51.100.9"), START.plus(1, ChronoUnit.SECONDS))).isTrue();
    }
}
