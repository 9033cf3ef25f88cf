package dev.skopos.jakarta.internal.pocketbase;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * Follows PocketBase realtime topics (such as {@code websites/<id>} or {@code app_settings/*}) over one stream
 * of server-sent events, as one long-running task of the given executor (in a server: a thread of the managed
 * thread factory). When the stream drops it reconnects with backoff and subscribes again;
 * {@link Listener#onSubscribed()} then lets the owner reload what may have changed while it was away.
 */
public final class RealtimeSubscription implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RealtimeSubscription.class.getName());
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    /** Callbacks run on the subscription's thread. */
    public interface Listener {
        /** Called after every successful (re)subscription. */
        void onSubscribed();

        /**
         * Called for each change of a record of {@code topic}, with PocketBase's action ({@code create},
         * {@code update}, {@code delete}).
         */
        void onRecord(String topic, String action, JsonObject record);
    }

    private final PocketBaseClient client;
    private final List<String> topics;
    private final Listener listener;
    private final Backoff backoff;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile EventStreamConnection connection;

    private RealtimeSubscription(PocketBaseClient client, List<String> topics, Listener listener, Backoff backoff) {
        this.client = client;
        this.topics = List.copyOf(topics);
        this.listener = listener;
        this.backoff = backoff;
    }

    /** Starts following {@code topics} on a long-running task of {@code longRunningTasks}. */
    public static RealtimeSubscription start(PocketBaseClient client, List<String> topics, Listener listener,
                                             Executor longRunningTasks, Backoff backoff) {
        RealtimeSubscription subscription = new RealtimeSubscription(client, topics, listener, backoff);
        longRunningTasks.execute(subscription::run);
        return subscription;
    }

    private boolean isClosed() {
        return closed.getCount() == 0;
    }

    private void run() {
        try {
            while (!isClosed()) {
                try {
                    stream();
                    LOG.fine(() -> "PocketBase realtime stream for " + topics + " ended");
                } catch (IOException | RuntimeException e) {
                    if (!isClosed()) {
                        LOG.log(Level.FINE, "PocketBase realtime stream for " + topics + " failed: " + e.getMessage());
                    }
                }
                pause(backoff.next());
            }
        } finally {
            finished.countDown();
        }
    }

    private void stream() throws IOException {
        try (EventStreamConnection opened = client.openRealtimeStream()) {
            connection = opened;
            if (isClosed()) {
                return;
            }
            ServerSentEventReader events = new ServerSentEventReader(opened.body());
            Optional<ServerSentEvent> event;
            while (!isClosed() && (event = events.next()).isPresent()) {
                handle(event.get());
            }
        }
    }

    private void handle(ServerSentEvent event) {
        if (event.event().equals("PB_CONNECT")) {
            client.subscribe(parse(event.data()).getString("clientId"), topics);
            backoff.reset();
            LOG.fine(() -> "Subscribed to PocketBase realtime topics " + topics);
            notifyListener(listener::onSubscribed);
        } else if (topics.contains(event.event())) {
            JsonObject message = parse(event.data());
            JsonObject record = message.getJsonObject("record");
            if (record != null) {
                notifyListener(() -> listener.onRecord(event.event(), message.getString("action", ""), record));
            }
        }
    }

    private void notifyListener(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Skopos realtime listener for " + topics + " failed", e);
        }
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private void pause(Duration delay) {
        try {
            closed.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed.countDown();
        }
    }

    /** Ends the stream and waits briefly for its task to finish. */
    @Override
    public void close() {
        closed.countDown();
        EventStreamConnection open = connection;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing the realtime stream failed", e);
            }
        }
        try {
            finished.await(JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
