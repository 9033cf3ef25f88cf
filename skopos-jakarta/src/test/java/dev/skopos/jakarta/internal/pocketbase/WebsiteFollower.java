package dev.skopos.jakarta.internal.pocketbase;

import dev.skopos.jakarta.testing.PocketBaseServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;

/** A realtime subscription of a client to the test website, which collects the names PocketBase announces. */
final class WebsiteFollower implements RealtimeSubscription.Listener, AutoCloseable {
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final List<String> names = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final RealtimeSubscription subscription;

    private WebsiteFollower(PocketBaseClient client, String websiteId) {
        subscription = RealtimeSubscription.start(client, List.of("websites/" + websiteId), this, thread,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
    }

    static WebsiteFollower follow(PocketBaseClient client, PocketBaseServer pocketBase) {
        return new WebsiteFollower(client, pocketBase.websiteId());
    }

    /**
     * Once subscribed, renames the website as the administrator (a change the tracker ignores) and waits for the
     * change to arrive.
     */
    void awaitNameChange(PocketBaseServer pocketBase, String name) {
        await().atMost(Duration.ofSeconds(10)).untilTrue(subscribed);
        pocketBase.admin().update("websites", pocketBase.websiteId(), Json.createObjectBuilder()
                .add("name", name).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> names.contains(name));
    }

    @Override
    public void onSubscribed() {
        subscribed.set(true);
    }

    @Override
    public void onRecord(String topic, String action, JsonObject record) {
        names.add(record.getString("name", ""));
    }

    @Override
    public void close() {
        subscription.close();
        thread.shutdownNow();
    }
}
