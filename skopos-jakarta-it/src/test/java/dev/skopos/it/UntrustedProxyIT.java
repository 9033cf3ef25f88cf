package dev.skopos.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static dev.skopos.it.ItPocketBase.pocketBase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A caller that is not a trusted proxy cannot choose its address: its {@code X-Forwarded-For} is ignored and
 * the socket's peer is the client. The WAR trusts only a proxy elsewhere, overriding the environment's
 * loopback with a higher configuration ordinal.
 */
@ExtendWith({ItPocketBase.class, ArquillianExtension.class})
class UntrustedProxyIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return ItEnvironment.war().addAsResource(new StringAsset(
                "config_ordinal=500\nskopos.trusted-proxies=192.0.2.254\n"), "META-INF/microprofile-config.properties");
    }

    @Test
    void anUntrustedCallersForwardedForIsIgnored() throws Exception {
        String claimed = "198.51.100.77";

        assertThat(new Browser(claimed).post(ItEnvironment.application().resolve("api/event"), "application/json",
                "{\"type\":\"pageView\",\"url\":\"https://example.com/untrusted\"}").statusCode()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).until(() -> !pocketBase().admin().list("visitors",
                "visitorId = '" + Browser.visitorId("127.0.0.1", Browser.CHROME) + "'").isEmpty());
        assertThat(pocketBase().admin().list("visitors", "visitorId = '"
                + Browser.visitorId(claimed, Browser.CHROME) + "'")).isEmpty();
    }
}
