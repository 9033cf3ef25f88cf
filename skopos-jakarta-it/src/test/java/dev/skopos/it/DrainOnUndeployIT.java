package dev.skopos.it;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Undeploying the application writes every queued event, however long the batch interval. */
@ExtendWith({ItPocketBase.class, ArquillianExtension.class})
class DrainOnUndeployIT {
    private static final String HOURLY = "hourly";
    private static final int EVENTS = 500;

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = HOURLY, managed = false, testable = false)
    static WebArchive deployment() {
        return ItEnvironment.batchingWar("PT1H");
    }

    @Test
    void undeployingWritesAllQueuedEvents() throws Exception {
        deployer.deploy(HOURLY);
        PageViews.post(HOURLY, EVENTS);
        assertThat(PageViews.stored(HOURLY)).as("nothing is written before the interval or the batch size").isZero();

        deployer.undeploy(HOURLY);

        await().atMost(Duration.ofSeconds(30)).until(() -> PageViews.stored(HOURLY) == EVENTS);
    }
}
