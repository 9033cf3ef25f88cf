package dev.skopos.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;

import static dev.skopos.it.StoredEvents.SERVER_VISITOR;
import static dev.skopos.it.StoredEvents.eventsNamed;
import static dev.skopos.it.StoredEvents.eventsOfVisitor;
import static dev.skopos.it.StoredEvents.sessionsOfVisitor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Enterprise beans on each server: session beans called while serving a request record for that request's
 * visitor; an asynchronous method, or a timer, records for the server visitor.
 */
@ExtendWith({ItPocketBase.class, ArquillianExtension.class})
class EnterpriseBeansIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ItEnvironment.war();
    }

    /** On loopback, a trusted proxy in the tests, so each {@link Browser}'s forwarded address counts. */
    private static URI api(String pathAndQuery) {
        return ItEnvironment.application().resolve("api/" + pathAndQuery);
    }

    private int post(Browser browser, String pathAndQuery) throws Exception {
        return browser.post(api(pathAndQuery), "text/plain", "").statusCode();
    }

    @Test
    void sessionBeanRecordsInTheCallersSession() throws Exception {
        Browser browser = new Browser("192.0.2.211");
        assertThat(browser.post(api("event"), "application/json",
                "{\"type\":\"pageView\",\"url\":\"https://example.com/cart\"}").statusCode()).isEqualTo(204);
        // at once: the tests' sessions time out after 4 s, which a wait for PocketBase could pass on a busy machine
        assertThat(post(browser, "orders?items=3")).isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(sessionsOfVisitor(browser.visitorId())).hasSize(1);
            assertThat(eventsOfVisitor(browser.visitorId())).hasSize(2);
            assertThat(eventsNamed(browser.visitorId(), "order_placed")).singleElement().satisfies(event -> {
                assertThat(event.getString("path")).endsWith("/api/orders");
                assertThat(event.getJsonObject("eventData").getInt("items")).isEqualTo(3);
            });
        });
    }

    @Test
    void declaredEventOfASessionBeanIsRecordedOncePerNormalReturnAndNeverOnAnException() throws Exception {
        Browser browser = new Browser("192.0.2.212");

        assertThat(post(browser, "orders/order-1/cancel")).isEqualTo(204);
        assertThat(post(browser, "orders/nonsense/cancel")).isEqualTo(404);
        assertThat(post(browser, "orders/order-2/cancel")).isEqualTo(204);
        assertThat(post(browser, "orders/nonsense/cancel")).isEqualTo(404);
        // writes keep the order of acceptance: once this one is stored, everything recorded before it is too
        assertThat(post(browser, "orders?items=1")).isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).until(() -> !eventsNamed(browser.visitorId(), "order_placed").isEmpty());
        assertThat(eventsNamed(browser.visitorId(), "order_cancelled")).hasSize(2)
                .allSatisfy(event -> assertThat(event.getString("path")).endsWith("/cancel"));
    }

    @Test
    void asynchronousMethodRecordsForTheServerVisitor() throws Exception {
        Browser browser = new Browser("192.0.2.213");

        assertThat(post(browser, "orders/confirmation")).isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).until(() -> eventsNamed(SERVER_VISITOR, "order_confirmation_sent")
                .size() == 1);
        assertThat(eventsOfVisitor(browser.visitorId())).isEmpty();
    }

    @Test
    void singletonRecordsForTheRequestAndItsTimerForTheServerVisitor() throws Exception {
        Browser browser = new Browser("192.0.2.214");

        ReportSchedule.start(browser, Duration.ofMillis(200));
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> ReportSchedule.runsStored().size() >= 3);
        } finally {
            ReportSchedule.stop();
        }

        assertThat(ReportSchedule.runsStored()).startsWith(1, 2, 3).doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(10)).until(() -> !eventsOfVisitor(browser.visitorId()).isEmpty());
        assertThat(eventsOfVisitor(browser.visitorId())).singleElement().satisfies(started -> {
            assertThat(started.getString("eventName")).isEqualTo("report_schedule_started");
            assertThat(started.getJsonObject("eventData").getInt("everyMillis")).isEqualTo(200);
        });
    }
}
