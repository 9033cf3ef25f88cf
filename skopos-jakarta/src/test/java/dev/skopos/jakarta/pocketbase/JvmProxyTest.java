package dev.skopos.jakarta.pocketbase;

import dev.skopos.jakarta.testing.ForwardProxy;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TlsTerminator;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM's proxy settings ({@code http.proxyHost}, {@code https.proxyHost}, {@code http.nonProxyHosts}, as
 * {@link java.net.ProxySelector#getDefault()} reads them) carry every request and the realtime stream. The proxy
 * connects to PocketBase from another address than the tests' own, and PocketBase (0.38.2+) takes a realtime
 * subscription only from the address of its stream: the subscription goes the way the stream went, or the
 * change never arrives.
 */
class JvmProxyTest {
    private static PocketBaseServer pocketBase;
    private final ForwardProxy proxy = ForwardProxy.start();

    @BeforeAll
    static void startPocketBase() {
        pocketBase = PocketBaseServer.start();
    }

    @AfterAll
    static void stopPocketBase() {
        pocketBase.close();
    }

    @AfterEach
    void stopProxy() throws Exception {
        proxy.close();
    }

    @Test
    void requestsTheRealtimeStreamAndItsSubscriptionTakeTheJvmsHttpProxy() throws Exception {
        try (AutoCloseable jvmProxy = proxy.asTheJvmsProxy();
             PocketBaseClient client = PocketBaseClient.create(URI.create(pocketBase.url()), pocketBase.adminCredentials());
             WebsiteFollower follower = WebsiteFollower.follow(client, pocketBase)) {
            client.create("websites", Json.createObjectBuilder().add("name", "Proxied")
                    .add("trackingId", "proxied").build());

            follower.awaitDomainChange(pocketBase, "changed-through-proxy.example");

            assertThat(proxy.requestLines()).anySatisfy(line -> assertThat(line)
                    .startsWith("POST " + pocketBase.url() + "/api/").contains("/auth-with-password"))
                    .anySatisfy(line -> assertThat(line).isEqualTo("GET " + pocketBase.url() + "/api/realtime HTTP/1.1"));
        }
    }

    @Test
    void httpsGoesThroughTheJvmsProxyAsATunnel() throws Exception {
        try (TlsTerminator tls = TlsTerminator.to(pocketBase.url());
             AutoCloseable trusted = tls.trustedByTheJvm();
             AutoCloseable jvmProxy = proxy.asTheJvmsProxy();
             PocketBaseClient client = PocketBaseClient.create(URI.create(tls.url()), pocketBase.adminCredentials());
             WebsiteFollower follower = WebsiteFollower.follow(client, pocketBase)) {
            client.login();

            follower.awaitDomainChange(pocketBase, "changed-through-tunnel.example");

            assertThat(proxy.requestLines()).as("the client's connections (the test's own go through it too)")
                    .filteredOn(line -> line.contains(":" + tls.port())).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(line -> assertThat(line).isEqualTo("CONNECT 127.0.0.1:" + tls.port() + " HTTP/1.1"));
        }
    }
}
