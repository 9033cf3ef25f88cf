package dev.skopos.jakarta.testing;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.config.Safeguards;
import dev.skopos.jakarta.config.SkoposConfig;
import dev.skopos.jakarta.core.TrackerCore;
import dev.skopos.jakarta.pipeline.FlushResult;
import dev.skopos.jakarta.pipeline.Pipeline;
import dev.skopos.jakarta.pocketbase.AdminCredentials;
import dev.skopos.jakarta.pocketbase.PocketBaseClient;
import jakarta.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The plain-Java tracker connected to a test PocketBase, on executors of its own: what the CDI bean runs
 * inside a server, minus the server.
 */
public final class TrackerHarness implements AutoCloseable {
    public static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService longRunningTasks = Executors.newCachedThreadPool();
    private final MutableClock clock = new MutableClock();
    private final TrackerCore core;

    private TrackerHarness(PocketBaseServer pocketBase, boolean batch, Duration batchInterval, int maxBatchSize,
                           Duration sessionTimeout, Duration jsErrorInterval, boolean awaitReady,
                           Safeguards safeguards, AdminCredentials credentials) {
        SkoposConfig config = new SkoposConfig(pocketBase.trackingId(), URI.create(pocketBase.url()), credentials,
                batch, batchInterval, maxBatchSize, sessionTimeout, jsErrorInterval, safeguards, true);
        core = new TrackerCore(config, PocketBaseClient.create(config.pocketBaseUrl(), config.credentials()),
                scheduler, longRunningTasks, Duration.ofMillis(200), clock);
        core.start();
        if (awaitReady) {
            await().atMost(Duration.ofSeconds(10)).until(() -> core.status().ready());
        }
    }

    /** Writes each event at once, 30-minute sessions, JS errors flushed only on demand. */
    public static TrackerHarness immediate(PocketBaseServer pocketBase) {
        return immediate(pocketBase, Safeguards.DEFAULTS);
    }

    /** As {@link #immediate(PocketBaseServer)}, with other safeguards. */
    public static TrackerHarness immediate(PocketBaseServer pocketBase, Safeguards safeguards) {
        return new TrackerHarness(pocketBase, false, Duration.ofSeconds(10), 100, Duration.ofMinutes(30),
                Duration.ofHours(1), true, safeguards, admin(pocketBase));
    }

    /** As {@link #immediate(PocketBaseServer)}, logged in with other credentials. */
    public static TrackerHarness loggedInAs(PocketBaseServer pocketBase, AdminCredentials credentials) {
        return new TrackerHarness(pocketBase, false, Duration.ofSeconds(10), 100, Duration.ofMinutes(30),
                Duration.ofHours(1), true, Safeguards.DEFAULTS, credentials);
    }

    private static AdminCredentials admin(PocketBaseServer pocketBase) {
        return new AdminCredentials(pocketBase.adminEmail(), pocketBase.adminPassword());
    }

    /** As {@link #immediate}, without waiting for the first connection. */
    public static TrackerHarness startingWhilePocketBaseIsDown(PocketBaseServer pocketBase) {
        return new TrackerHarness(pocketBase, false, Duration.ofSeconds(10), 100, Duration.ofMinutes(30),
                Duration.ofHours(1), false, Safeguards.DEFAULTS, admin(pocketBase));
    }

    public static TrackerHarness batching(PocketBaseServer pocketBase, Duration interval, int maxBatchSize) {
        return new TrackerHarness(pocketBase, true, interval, maxBatchSize, Duration.ofMinutes(30),
                Duration.ofHours(1), true, Safeguards.DEFAULTS, admin(pocketBase));
    }

    /** A current desktop Chrome with the headers it always sends, from {@code ip}. */
    public static RequestInfo browser(String ip) {
        return browser(ip, CHROME, Map.of());
    }

    public static RequestInfo browser(String ip, String userAgent, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(Map.of(
                "user-agent", userAgent, "accept", "*/*", "accept-language", "en-GB,en;q=0.9",
                "accept-encoding", "gzip, deflate, br"));
        headers.putAll(extraHeaders);
        return RequestInfo.of(ip, name -> headers.get(name.toLowerCase(Locale.ROOT)),
                "/api/event");
    }

    public Pipeline pipeline() {
        return core.pipeline();
    }

    public TrackerCore core() {
        return core;
    }

    public MutableClock clock() {
        return clock;
    }

    public boolean track(RequestInfo request, JsonObject payload) {
        return pipeline().trackBrowserEvent(request, payload);
    }

    public boolean trackServerEvent(Optional<RequestInfo> request, String name, Map<String, ?> data) {
        return pipeline().trackServerEvent(request, name, data);
    }

    /** Writes everything queued and fails the test if PocketBase did not take it all. */
    public FlushResult flush() {
        FlushResult result = pipeline().flush(Duration.ofSeconds(20));
        if (result.pending() > 0) {
            throw new AssertionError("PocketBase did not take " + result.pending() + " records");
        }
        return result;
    }

    @Override
    public void close() throws InterruptedException {
        core.close();
        scheduler.shutdownNow();
        longRunningTasks.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        longRunningTasks.awaitTermination(5, TimeUnit.SECONDS);
    }
}
