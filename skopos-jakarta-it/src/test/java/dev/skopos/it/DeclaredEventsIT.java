package dev.skopos.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static dev.skopos.it.StoredEvents.eventsOfVisitor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @TrackEvent} on each server as applications declare it: on a method in a transaction where recording
 * fails, on a bean class, on a superclass, through a stereotype.
 */
@ExtendWith({ItPocketBase.class, ArquillianExtension.class})
class DeclaredEventsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ItEnvironment.war();
    }

    private static HttpResponse<String> post(Browser browser, String pathAndQuery) throws Exception {
        return browser.post(ItEnvironment.application().resolve("api/declared/" + pathAndQuery), "text/plain", "");
    }

    /**
     * The names of the custom events stored for the browser's visitor, read once a page view it sends now is
     * stored: a visitor's writes keep the order of acceptance, so everything recorded before the page view is
     * there too.
     */
    private static List<String> customEventsOf(Browser browser) throws Exception {
        assertThat(browser.post(ItEnvironment.application().resolve("api/event"), "application/json",
                "{\"type\":\"pageView\",\"url\":\"https://example.com/done\"}").statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOfVisitor(browser.visitorId()).stream()
                .anyMatch(event -> event.getString("type").equals("pageView")));
        return eventsOfVisitor(browser.visitorId()).stream().filter(event -> event.getString("type").equals("custom"))
                .map(event -> event.getString("eventName")).toList();
    }

    @Test
    void failureToRecordNeitherFailsTheCallNorRollsBackItsTransaction() throws Exception {
        Browser browser = new Browser("192.0.2.221");

        HttpResponse<String> response = post(browser, "receipts?order=order-7");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject answer = Json.createReader(new StringReader(response.body())).readObject();
        assertThat(answer.getString("returned")).isEqualTo("receipt for order-7");
        assertThat(answer.getString("transaction")).isEqualTo("committed");
        // logged before the commit began: the tracking failed inside the transaction, which still committed
        assertThat(answer.getJsonArray("warningsBeforeCommit").getValuesAs(JsonString::getString))
                .singleElement().satisfies(warning -> assertThat(warning)
                        .startsWith("Skopos could not record @TrackEvent(\"receipt_issued_to_a_customer")
                        .contains("the call itself succeeded", "1..255 characters"));
        // the other tracked method in the same transaction is recorded, the one that failed is not
        assertThat(customEventsOf(browser)).containsExactly("receipt_archived");
    }

    @Test
    void annotationOnTheBeanClassRecordsForItsOwnMethods() throws Exception {
        Browser browser = new Browser("192.0.2.222");

        assertThat(post(browser, "invoices/send?invoice=inv-1").body()).isEqualTo("sent inv-1");

        assertThat(customEventsOf(browser)).containsExactly("invoice_activity");
    }

    @Test
    void annotationOnTheBeanClassRecordsForAMethodItInherits() throws Exception {
        Browser browser = new Browser("192.0.2.223");

        assertThat(post(browser, "invoices/remind?customer=ada").body()).isEqualTo("reminded ada");

        assertThat(customEventsOf(browser)).containsExactly("invoice_activity");
    }

    @Test
    void annotationOnASuperclassIsInheritedByTheBean() throws Exception {
        Browser browser = new Browser("192.0.2.224");

        assertThat(post(browser, "newsletter?subscriber=ada").body()).isEqualTo("newsletter sent to ada");

        assertThat(customEventsOf(browser)).containsExactly("newsletter_sent");
    }

    @Test
    void stereotypeCarriesTheEventName() throws Exception {
        Browser browser = new Browser("192.0.2.225");

        assertThat(post(browser, "reports/export?report=sales").body()).isEqualTo("sales.csv");

        assertThat(customEventsOf(browser)).containsExactly("report_exported");
    }
}
