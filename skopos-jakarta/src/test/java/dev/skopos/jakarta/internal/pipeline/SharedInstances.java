package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.internal.store.RecordStore;
import dev.skopos.jakarta.testing.DashboardLayout;
import dev.skopos.jakarta.testing.HazelcastMembers;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/**
 * One real PocketBase and a cluster of two Hazelcast members, fresh for each test, on which the test starts
 * instances of the tracker that share their state, each through its own member:
 * {@code @RegisterExtension final SharedInstances instances = new SharedInstances(MORNING);}
 */
final class SharedInstances implements BeforeEachCallback, AfterEachCallback {
    private final Instant startTime;
    private PocketBaseServer pocketBase;
    private HazelcastMembers engine;

    /** @param startTime where the instances' clocks start */
    SharedInstances(Instant startTime) {
        this.startTime = startTime;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38);
        engine = new HazelcastMembers(2);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        engine.close();
        pocketBase.close();
    }

    /** An instance sharing its state through member {@code member}, reaching PocketBase through {@code store}. */
    TrackerHarness instance(int member, UnaryOperator<RecordStore> store) {
        return started(TrackerHarness.sharing(pocketBase, engine.map(member), store));
    }

    /** As {@link #instance(int, UnaryOperator)}, on {@code scheduler}. */
    TrackerHarness instance(int member, UnaryOperator<RecordStore> store, ScheduledExecutorService scheduler) {
        return started(TrackerHarness.sharing(pocketBase, engine.map(member), store, scheduler));
    }

    private TrackerHarness started(TrackerHarness tracker) {
        tracker.clock().set(startTime);
        return tracker;
    }

    PocketBaseServer pocketBase() {
        return pocketBase;
    }

    HazelcastMembers engine() {
        return engine;
    }
}
