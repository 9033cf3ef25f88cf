package dev.skopos.jakarta.internal.pocketbase;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.testing.ForwardProxy;
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
 * PocketBase reached the way the JVM is set up to reach it, as docs/configuration.md ("Reaching PocketBase") describes.
 * {@code https://}: a TLS terminator with a self-signed certificate in front of a real PocketBase, the certificate
 * trusted the way an operator trusts one, as the JVM's default TLS configuration. Proxies: the JVM's proxy
 * properties ({@code http.proxyHost}, {@code https.proxyHost}, {@code http.nonProxyHosts}, as
 * {@link java.net.ProxySelector#getDefault()} reads them) naming a forward proxy that connects to PocketBase from
 * another address than the tests' own; PocketBase (0.38.2+) takes a realtime subscription only from the address of
 * its stream, so the subscription must go the way the stream went, or the change never arrives.
 */
class ReachingPocketBaseTest {
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

    private static PocketBaseClient client(String url) {
        return PocketBaseClient.create(URI.create(url), pocketBase.adminCredentials());
    }

    @Test
    void everyRequestAndTheRealtimeStreamGoOverTls() throws Exception {
        try (AutoCloseable trusted = tls.trustedByTheJvm();
             PocketBaseClient client = client(tls.url());
             WebsiteFollower follower = WebsiteFollower.follow(client, pocketBase)) {
            assertThat(client.login()).isEqualTo(pocketBase.generation());
            String id = client.create("websites", Json.createObjectBuilder().add("name", "Over TLS")
                    .add("trackingId", "over-tls").build()).getString("id");
            assertThat(client.get("websites", id).getString("trackingId")).isEqualTo("over-tls");

            follower.awaitNameChange(pocketBase, "Renamed over TLS");
        }
    }

    @Test
    void aCertificateTheJvmDoesNotTrustIsRefused() {
        try (PocketBaseClient client = client(tls.url())) {
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

    @Test
    void requestsTheRealtimeStreamAndItsSubscriptionTakeTheJvmsHttpProxy() throws Exception {
        try (ForwardProxy proxy = ForwardProxy.start();
             AutoCloseable jvmProxy = proxy.asTheJvmsProxy();
             PocketBaseClient client = client(pocketBase.url());
             WebsiteFollower follower = WebsiteFollower.follow(client, pocketBase)) {
            client.create("websites", Json.createObjectBuilder().add("name", "Proxied")
                    .add("trackingId", "proxied").build());

            follower.awaitNameChange(pocketBase, "Renamed through the proxy");

            assertThat(proxy.requestLines()).anySatisfy(line -> assertThat(line)
                    .startsWith("POST " + pocketBase.url() + "/api/").contains("/auth-with-password"))
                    .anySatisfy(line -> assertThat(line)
                            .isEqualTo("GET " + pocketBase.url() + "/api/realtime HTTP/1.1"));
        }
    }

    @Test
    void httpsGoesThroughTheJvmsProxyAsATunnel() throws Exception {
        try (ForwardProxy proxy = ForwardProxy.start();
             AutoCloseable trusted = tls.trustedByTheJvm();
             AutoCloseable jvmProxy = proxy.asTheJvmsProxy();
             PocketBaseClient client = client(tls.url());
             WebsiteFollower follower = WebsiteFollower.follow(client, pocketBase)) {
            client.login();

            follower.awaitNameChange(pocketBase, "Renamed through the tunnel");

            assertThat(proxy.requestLines()).as("the client's connections (the test's own go through it too)")
                    .filteredOn(line -> line.contains(":" + tls.port())).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(line -> assertThat(line).isEqualTo("CONNECT 127.0.0.1:" + tls.port() + " HTTP/1.1"));
        }
    }
}
