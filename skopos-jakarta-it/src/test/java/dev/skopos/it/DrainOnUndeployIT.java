package dev.skopos.it;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.stream.IntStream;

import static dev.skopos.it.StoredEvents.SERVER_VISITOR;
import static dev.skopos.it.StoredEvents.eventsNamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Undeploying the application writes every queued event, however long the batch interval: the browser's, and
 * those an enterprise bean's timer records until the beans stop (the bean's {@code @PreDestroy} still records,
 * with the number of runs the tracker accepted).
 */
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
    void undeployingWhileATimerRunsWritesAllQueuedEvents() throws Exception {
        deployer.deploy(HOURLY);
        // Payara delivers a timer at most once a second, the others every 100 ms
        ReportSchedule.start(new Browser("192.0.2.221"), Duration.ofMillis(100));
        PageViews.post(HOURLY, EVENTS);
        await().atMost(Duration.ofSeconds(10)).until(() -> ReportSchedule.runsRecorded() >= 3);
        assertThat(PageViews.stored(HOURLY)).as("nothing is written before the interval or the batch size").isZero();
        assertThat(ReportSchedule.runsStored()).isEmpty();

        deployer.undeploy(HOURLY);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(PageViews.stored(HOURLY)).isEqualTo(EVENTS);
            assertThat(eventsNamed(SERVER_VISITOR, "report_schedule_stopped")).singleElement().satisfies(stopped -> {
                int runs = stopped.getJsonObject("eventData").getInt("runs");
                assertThat(runs).isGreaterThanOrEqualTo(3);
                assertThat(ReportSchedule.runsStored()).isEqualTo(IntStream.rangeClosed(1, runs).boxed().toList());
            });
        });
    }
}
