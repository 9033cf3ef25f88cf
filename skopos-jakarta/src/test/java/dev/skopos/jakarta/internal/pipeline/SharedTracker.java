package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One PocketBase and one tracker writing to it at once, shared by the tests of a class:
 * {@code @RegisterExtension static final SharedTracker shared = new SharedTracker(PocketBaseServer.builder());}
 */
final class SharedTracker implements BeforeAllCallback, AfterAllCallback {
    private final PocketBaseServer.Builder pocketBaseBuilder;
    private PocketBaseServer pocketBase;
    private TrackerHarness tracker;
    private PocketBaseView stored;

    SharedTracker(PocketBaseServer.Builder pocketBaseBuilder) {
        this.pocketBaseBuilder = pocketBaseBuilder;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        pocketBase = pocketBaseBuilder.start();
        tracker = TrackerHarness.immediate(pocketBase);
        stored = new PocketBaseView(pocketBase);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        tracker.close();
        pocketBase.close();
    }

    PocketBaseServer pocketBase() {
        return pocketBase;
    }

    TrackerHarness tracker() {
        return tracker;
    }

    PocketBaseView stored() {
        return stored;
    }
}
