package dev.skopos.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Geolocation inside each server, configured as users do it: SKOPOS_GEOIP_DATABASE names the DB-IP Lite
 * city files the build installed.
 */
@ExtendWith({ItPocketBase.class, ArquillianExtension.class})
class GeolocationIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return ItEnvironment.war();
    }

    private JsonObject sessionAfterPageView(String clientIp) throws Exception {
        Browser browser = new Browser(clientIp);
        // on loopback, a trusted proxy in the tests, so the forwarded address counts
        assertThat(browser.post(ItEnvironment.application().resolve("api/event"), "application/json",
                "{\"type\":\"pageView\",\"url\":\"https://example.com/\"}").statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> EventEndpointIT.sessionsOf(browser).size() == 1);
        return EventEndpointIT.sessionsOf(browser).get(0);
    }

    @Test
    void aSessionFromAPublicAddressCarriesItsCountryCodeAndState() throws Exception {
        JsonObject session = sessionAfterPageView("8.8.8.8");

        assertThat(session.getString("country")).isEqualTo("US");
        assertThat(session.getString("state")).isEqualTo("California");
    }

    @Test
    void aSessionFromADocumentationAddressIsUnknown() throws Exception {
        JsonObject session = sessionAfterPageView("192.0.2.250");

        assertThat(session.getString("country")).isEqualTo("Unknown");
        assertThat(session.getString("state")).isEqualTo("Unknown");
    }
}
