package dev.skopos.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * The batch interval's flush runs on the tracker's threads from the server's managed thread factory, with no
 * request to prompt it (a batch size of 10,000 is never reached; {@link DrainOnUndeployIT} shows that batches
 * wait).
 */
@ExtendWith({ItPocketBase.class, ArquillianExtension.class})
class ScheduledFlushIT {
    private static final String SECTION = "scheduled";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ItEnvironment.batchingWar("PT2S");
    }

    @Test
    void eachIntervalWritesWhatWasQueued() throws Exception {
        PageViews.post(SECTION, 20);

        await().atMost(Duration.ofSeconds(20)).until(() -> PageViews.stored(SECTION) == 20);
    }
}
