package dev.skopos.jakarta.internal.web;

import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.config.Safeguards;
import dev.skopos.jakarta.internal.intake.RateLimits;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint's order of refusals against a real pipeline: what it can refuse without the body, it refuses
 * without reading a byte of it; each refusal is counted by its reason.
 */
class EventEndpointTest {
    private static final int LIMIT = 3;
    private static final AtomicInteger NEXT_CLIENT = new AtomicInteger(1);
    private static PocketBaseServer pocketBase;
    private static TrackerHarness tracker;
    private static EventEndpoint endpoint;

    @BeforeAll
    static void start() {
        pocketBase = PocketBaseServer.start();
        tracker = TrackerHarness.immediate(pocketBase, Safeguards.DEFAULTS.withRespectOptOut(true)
                .withRateLimits(RateLimits.DEFAULTS.withPerAddressPerMinute(LIMIT)));
        endpoint = new EventEndpoint(tracker.pipeline());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        tracker.close();
        pocketBase.close();
    }

    private static RequestInfo newClient(Map<String, String> headers) {
        int n = NEXT_CLIENT.getAndIncrement();
        return TrackerHarness.browser("203.0." + (n / 250) + "." + (n % 250 + 1), TrackerHarness.CHROME, headers);
    }

    private static long drops(DropReason reason) {
        return tracker.pipeline().delivery().dropped().get(reason);
    }

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A body of spaces that never ends, counting each byte read of it in {@code read}. */
    private static InputStream endlessSpaces(AtomicInteger read) {
        return new InputStream() {
            @Override
            public int read() {
                read.incrementAndGet();
                return ' ';
            }
        };
    }

    /** A body the endpoint must not touch. */
    private static final class UnreadBody extends InputStream {
        @Override
        public int read() {
            throw new AssertionError("the body was read");
        }
    }

    private static String pageView(String path) {
        return "{\"type\":\"pageView\",\"url\":\"https://example.com" + path + "\"}";
    }

    @Test
    void aRequestOverTheClientsAllowanceIsRefusedWithoutReadingItsBody() throws IOException {
        RequestInfo flooder = newClient(Map.of());
        for (int i = 0; i < LIMIT; i++) {
            assertThat(endpoint.receive(flooder, null, body(pageView("/allowed")))).isEqualTo(204);
        }
        long before = drops(DropReason.RATE_LIMITED);

        assertThat(endpoint.receive(flooder, 30_000L, new UnreadBody())).isEqualTo(204);
        assertThat(drops(DropReason.RATE_LIMITED) - before).isEqualTo(1);
    }

    @Test
    void optedOutAndAutomatedRequestsAreRefusedWithoutReadingTheirBodies() throws IOException {
        long optedOut = drops(DropReason.OPTED_OUT);
        long filtered = drops(DropReason.FILTERED);

        assertThat(endpoint.receive(newClient(Map.of("dnt", "1")), null, new UnreadBody())).isEqualTo(204);
        assertThat(endpoint.receive(newClient(Map.of("x-selenium", "1")), null, new UnreadBody())).isEqualTo(204);

        assertThat(drops(DropReason.OPTED_OUT) - optedOut).isEqualTo(1);
        assertThat(drops(DropReason.FILTERED) - filtered).isEqualTo(1);
    }

    @Test
    void aBodyDeclaredTooLargeIsRefusedFirstUnreadEvenFromAClientOverItsAllowance() throws IOException {
        RequestInfo flooder = newClient(Map.of());
        for (int i = 0; i < LIMIT; i++) {
            endpoint.receive(flooder, null, body(pageView("/allowed")));
        }
        long tooLarge = drops(DropReason.TOO_LARGE);
        long rateLimited = drops(DropReason.RATE_LIMITED);

        assertThat(endpoint.receive(flooder, 40_000L, new UnreadBody())).isEqualTo(413);
        assertThat(drops(DropReason.TOO_LARGE) - tooLarge).isEqualTo(1);
        assertThat(drops(DropReason.RATE_LIMITED)).isEqualTo(rateLimited);
    }

    @Test
    void aBodyThatTurnsOutTooLargeIsReadNoFurtherThanTheLimit() throws IOException {
        AtomicInteger read = new AtomicInteger();
        InputStream endless = endlessSpaces(read);
        long before = drops(DropReason.TOO_LARGE);

        assertThat(endpoint.receive(newClient(Map.of()), null, endless)).isEqualTo(413);
        assertThat(read).hasValue(EventEndpoint.MAX_BODY_BYTES + 1);
        assertThat(drops(DropReason.TOO_LARGE) - before).isEqualTo(1);
    }

    @Test
    void aDeclaredBodyIsReadToItsDeclaredLengthAndNoFurther() throws IOException {
        AtomicInteger read = new AtomicInteger();
        InputStream spaces = endlessSpaces(read);

        assertThat(endpoint.receive(newClient(Map.of()), 100L, spaces)).isEqualTo(400);
        assertThat(read).hasValue(100);
    }

    @Test
    void bodiesThatAreNotOneShallowJsonObjectAreBadRequestsCountedAsInvalid() throws IOException {
        long before = drops(DropReason.INVALID);

        assertThat(endpoint.receive(newClient(Map.of()), null, body("[1, 2]"))).isEqualTo(400);
        assertThat(endpoint.receive(newClient(Map.of()), null, body("{\"type\": "))).isEqualTo(400);
        assertThat(endpoint.receive(newClient(Map.of()), null, body("[".repeat(100)))).isEqualTo(400);
        // found by the fuzzer: the parser throws NumberFormatException, not a JSON error, for this exponent
        assertThat(endpoint.receive(newClient(Map.of()), null,
                body("{\"type\":\"pageView\",\"screenWidth\":1e2147483648}"))).isEqualTo(400);

        assertThat(drops(DropReason.INVALID) - before).isEqualTo(4);
    }

    @Test
    void anAdmittedEventIsStored() throws IOException {
        long accepted = tracker.pipeline().delivery().accepted();
        String pageView = pageView("/through-the-endpoint");

        assertThat(endpoint.receive(newClient(Map.of()), (long) pageView.length(), body(pageView))).isEqualTo(204);
        tracker.flush();

        assertThat(tracker.pipeline().delivery().accepted() - accepted).isEqualTo(1);
        assertThat(pocketBase.admin().list("events", "path = '/through-the-endpoint'")).hasSize(1);
    }
}
