package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.internal.pocketbase.Filter;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.store.RecordStore;
import dev.skopos.jakarta.testing.ForwardingStore;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store that, while the test holds them, keeps some kinds of request of one collection waiting, as a
 * PocketBase slow to answer them; once let go, they go on, or fail without an answer and without landing, as
 * the requests of a server that died. A request held longer than {@link #AT_MOST} fails so, too: a test that
 * fails before it lets go does not hang in the tracker's shutdown.
 */
final class HeldRequests extends ForwardingStore {
    /** The requests that can be held. */
    enum Request { FIND, CREATE, UPDATE }

    private static final Duration AT_MOST = Duration.ofSeconds(30);

    private final String collection;
    private final Set<Request> requests;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile CountDownLatch letGo = new CountDownLatch(0);
    private volatile boolean lost;

    HeldRequests(RecordStore real, String collection, Request... requests) {
        super(real);
        this.collection = collection;
        this.requests = Set.of(requests);
    }

    /** Holds the collection's requests from now on. */
    HeldRequests hold() {
        letGo = new CountDownLatch(1);
        return this;
    }

    /** Whether a request waits now. */
    boolean holdsOne() {
        return waiting() > 0;
    }

    /** How many requests wait now. */
    int waiting() {
        return waiting.get();
    }

    /** Lets the held requests go on to PocketBase, and every later one pass. */
    void release() {
        letGo.countDown();
    }

    /** Fails the held requests, and every later one, without an answer and without reaching PocketBase. */
    void lose() {
        lost = true;
        letGo.countDown();
    }

    @Override
    public List<JsonObject> find(String collection, Filter filter, int max) {
        waitIfHeld(Request.FIND, collection);
        return super.find(collection, filter, max);
    }

    @Override
    public JsonObject create(String collection, JsonObject record) {
        waitIfHeld(Request.CREATE, collection);
        return super.create(collection, record);
    }

    @Override
    public JsonObject update(String collection, String id, JsonObject changes) {
        waitIfHeld(Request.UPDATE, collection);
        return super.update(collection, id, changes);
    }

    private void waitIfHeld(Request request, String collection) {
        if (!requests.contains(request) || !collection.equals(this.collection)) {
            return;
        }
        waiting.incrementAndGet();
        boolean letGoInTime;
        try {
            letGoInTime = letGo.await(AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            letGoInTime = false;
        } finally {
            waiting.decrementAndGet();
        }
        if (lost || !letGoInTime) {
            throw new PocketBaseException(0, "PocketBase did not answer (injected)");
        }
    }
}
