package dev.skopos.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;

import static dev.skopos.it.ItPocketBase.pocketBase;
import static dev.skopos.it.StoredEvents.SERVER_VISITOR;
import static dev.skopos.it.StoredEvents.eventsOfVisitor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Server-side events from application code on each server: in a JAX-RS request, in a servlet's, outside one,
 * declared, identify.
 */
@ExtendWith({ItPocketBase.class, ArquillianExtension.class})
class ServerEventsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ItEnvironment.war();
    }

    private URI action(String pathAndQuery) {
        return ItEnvironment.application().resolve("api/actions/" + pathAndQuery);
    }

    @Test
    void interceptorBindingRecordsTheDeclaredEventForTheRequestVisitor() throws Exception {
        Browser browser = new Browser("192.0.2.201");

        assertThat(browser.post(action("signup?email=a@example.com"), "text/plain", "").body())
                .isEqualTo("welcome a@example.com");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOfVisitor(browser.visitorId()))
                .singleElement().satisfies(event -> {
                    assertThat(event.getString("type")).isEqualTo("custom");
                    assertThat(event.getString("eventName")).isEqualTo("user_signup");
                    assertThat(event.getString("path")).endsWith("/api/actions/signup");
                }));
    }

    @Test
    void serverEventFromABeanDuringARequestCarriesItsData() throws Exception {
        Browser browser = new Browser("192.0.2.202");

        browser.post(action("checkout?total=42"), "text/plain", "");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOfVisitor(browser.visitorId()))
                .singleElement().satisfies(event -> {
                    assertThat(event.getString("eventName")).isEqualTo("checkout_completed");
                    assertThat(event.getJsonObject("eventData").getInt("total")).isEqualTo(42);
                }));
    }

    @Test
    void serverEventFromAServletBelongsToTheVisitorItServes() throws Exception {
        Browser browser = new Browser("192.0.2.205");

        assertThat(browser.post(ItEnvironment.application().resolve("download"), "text/plain", "").statusCode())
                .isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOfVisitor(browser.visitorId()))
                .singleElement().satisfies(event -> {
                    assertThat(event.getString("eventName")).isEqualTo("file_downloaded");
                    assertThat(event.getString("path")).endsWith("/download");
                }));
    }

    @Test
    void serverEventWithoutARequestGoesToTheServerVisitor() throws Exception {
        new Browser("192.0.2.203").post(action("background"), "text/plain", "");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOfVisitor(SERVER_VISITOR))
                .anySatisfy(event -> assertThat(event.getString("eventName")).isEqualTo("background_job")));
    }

    /** The address is stored where the visitors collection has an email field (today's dashboard has none). */
    @Test
    void identifyLinksTheRequestVisitorToTheAccount() throws Exception {
        Browser browser = new Browser("192.0.2.204");
        boolean hasEmail = pocketBase().admin().fieldNames("visitors").contains("email");

        assertThat(browser.post(action("login?userId=user-9&email=Grace@Example.com"), "text/plain", "")
                .statusCode()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                pocketBase().admin().list("visitors", "visitorId = '" + browser.visitorId() + "'"))
                .singleElement().satisfies(visitor -> {
                    assertThat(visitor.getString("userId")).isEqualTo("user-9");
                    assertThat(visitor.getString("email", null)).isEqualTo(hasEmail ? "grace@example.com" : null);
                }));
    }
}
