package dev.skopos.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static dev.skopos.it.ItPocketBase.pocketBase;
import static dev.skopos.it.StoredEvents.SERVER_VISITOR;
import static dev.skopos.it.StoredEvents.eventsOfVisitor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code skopos.endpoint.enabled=false} the application has no browser endpoint (it answers 404 and
 * stores nothing) and no request is read for the tracker: a server event recorded while serving a request
 * belongs to the server visitor, not to the request's client. The application's own resources answer as
 * before. The WAR switches it off in its own configuration, over the environment's.
 */
@ExtendWith({ItPocketBase.class, ArquillianExtension.class})
class EndpointSwitchIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return ItEnvironment.war().addAsResource(new StringAsset(
                "config_ordinal=500\nskopos.endpoint.enabled=false\n"), "META-INF/microprofile-config.properties");
    }

    @Test
    void withTheEndpointSwitchedOffItIsGoneAndNoRequestIsCaptured() throws Exception {
        Browser browser = new Browser("192.0.2.240");

        assertThat(browser.post(ItEnvironment.application().resolve("api/event"), "application/json",
                "{\"type\":\"pageView\",\"url\":\"https://example.com/switched-off\"}").statusCode()).isEqualTo(404);
        assertThat(browser.post(ItEnvironment.application().resolve("api/actions/checkout?total=7"), "text/plain",
                "").statusCode()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOfVisitor(SERVER_VISITOR))
                .anySatisfy(event -> assertThat(event.getString("eventName")).isEqualTo("checkout_completed")));
        assertThat(eventsOfVisitor(browser.visitorId())).isEmpty();
        assertThat(pocketBase().admin().list("events", "path = '/switched-off'")).isEmpty();
    }
}
