package dev.skopos.jakarta.pocketbase;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TlsTerminator;
import dev.skopos.jakarta.testing.TrackerHarness;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PocketBase behind {@code https://}: a TLS terminator with a self-signed certificate in front of a real
 * PocketBase, the certificate trusted the way an operator trusts one, as the JVM's default TLS configuration.
 */
class HttpsTest {
    private static PocketBaseServer pocketBase;
    private static TlsTerminator tls;

    @BeforeAll
    static void start() {
        pocketBase = PocketBaseServer.start();
        tls = TlsTerminator.to(pocketBase.url());
    }

    @AfterAll
    static void stop() throws Exception {
        tls.close();
        pocketBase.close();
    }

    @Test
    void everyRequestAndTheRealtimeStreamGoOverTls() throws Exception {
        try (AutoCloseable trusted = tls.trustedByTheJvm();
             PocketBaseClient client = PocketBaseClient.create(URI.create(tls.url()), pocketBase.adminCredentials());
             WebsiteFollower follower = WebsiteFollower.follow(client, pocketBase)) {
            assertThat(client.login()).isEqualTo(pocketBase.generation());
            String id = client.create("websites", Json.createObjectBuilder().add("name", "Over TLS")
                    .add("trackingId", "over-tls").build()).getString("id");
            assertThat(client.get("websites", id).getString("trackingId")).isEqualTo("over-tls");

            follower.awaitDomainChange(pocketBase, "changed-over-tls.example");
        }
    }

    @Test
    void aCertificateTheJvmDoesNotTrustIsRefused() {
        try (PocketBaseClient client = PocketBaseClient.create(URI.create(tls.url()), pocketBase.adminCredentials())) {
            assertThatThrownBy(client::login)
                    .isInstanceOfSatisfying(PocketBaseException.class, e -> assertThat(e.isUnreachable()).isTrue())
                    .hasMessageContaining("SSLHandshakeException");
        }
    }

    @Test
    void theTrackerWritesToPocketBaseOverHttps() throws Exception {
        try (AutoCloseable trusted = tls.trustedByTheJvm();
             TrackerHarness tracker = TrackerHarness.through(pocketBase, tls.url())) {
            RequestInfo visitor = TrackerHarness.browser("203.0.113.41");

            assertThat(tracker.track(visitor, Json.createObjectBuilder().add("type", "pageView")
                    .add("url", "https://example.com/over-tls").add("referrer", "").build())).isTrue();
            tracker.flush();

            assertThat(pocketBase.admin().list("events", "path = '/over-tls'")).hasSize(1);
        }
    }
}
