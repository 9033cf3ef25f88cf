package dev.skopos.it;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;

import static dev.skopos.it.LibertyPocketBase.pocketBase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Undeploying the application writes every queued event, however long the batch interval. */
@ExtendWith({LibertyPocketBase.class, ArquillianExtension.class})
class DrainOnUndeployIT {
    private static final String BATCHING = "batching";
    private static final int EVENTS = 500;

    @ArquillianResource
    Deployer deployer;

    /** The IT WAR with batching on, a one-hour interval and a batch size the test never reaches. */
    @Deployment(name = BATCHING, managed = false, testable = false)
    static WebArchive deployment() {
        return ItEnvironment.war().addAsResource(new StringAsset(
                "skopos.batch=true\nskopos.batch-interval=PT1H\nskopos.max-batch-size=10000\n"),
                "META-INF/microprofile-config.properties");
    }

    private static int storedEvents() {
        return pocketBase().admin().list("events", null).size();
    }

    @Test
    void undeployingWritesAllQueuedEvents() throws Exception {
        deployer.deploy(BATCHING);
        URI endpoint = ItEnvironment.serverRoot().resolve("/skopos-jakarta-it/api/event");
        for (int i = 0; i < EVENTS; i++) {
            Browser browser = new Browser("192.0.2." + (i % 50 + 1));
            assertThat(browser.post(endpoint, "application/json",
                    "{\"type\":\"pageView\",\"url\":\"https://example.com/queued/" + i + "\"}").statusCode())
                    .isEqualTo(204);
        }
        assertThat(storedEvents()).as("nothing is written before the interval or the batch size").isZero();

        deployer.undeploy(BATCHING);

        await().atMost(Duration.ofSeconds(30)).until(() -> storedEvents() == EVENTS);
    }
}
