package dev.skopos.jakarta.internal.pocketbase;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which login endpoint the client tries, and in what order. Only 0.22 runs here, so a stub stands in for
 * PocketBase; the real 0.22 login is covered by {@link PocketBaseClientTest}.
 */
class ApiGenerationFallbackTest {
    private static final String SUPERUSER_LOGIN = "/api/collections/_superusers/auth-with-password";
    private static final String ADMIN_LOGIN = "/api/admins/auth-with-password";

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer stub;
    private PocketBaseClient client;

    /** A PocketBase that answers only {@code loginPath} and 404 to everything else. */
    private PocketBaseClient clientOfStubServing(String loginPath) throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            if (exchange.getRequestURI().getPath().equals(loginPath)) {
                respond(exchange, 200, "{\"token\":\"stub-token\",\"record\":{}}");
            } else {
                respond(exchange, 404, "{\"code\":404,\"message\":\"The requested resource wasn't found.\",\"data\":{}}");
            }
        });
        stub.start();
        client = PocketBaseClient.create(URI.create("http://127.0.0.1:" + stub.getAddress().getPort()),
                new AdminCredentials("admin@example.com", "password"));
        return client;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @AfterEach
    void stopStub() {
        client.close();
        stub.stop(0);
    }

    @Test
    void triesTheSuperuserLoginFirstAndUsesItOnPocketBase023() throws IOException {
        PocketBaseClient client = clientOfStubServing(SUPERUSER_LOGIN);

        assertThat(client.login()).isEqualTo(ApiGeneration.V0_23);
        assertThat(requests).containsExactly(SUPERUSER_LOGIN);
    }

    @Test
    void fallsBackToTheAdminLoginAndRemembersIt() throws IOException {
        PocketBaseClient client = clientOfStubServing(ADMIN_LOGIN);

        assertThat(client.login()).isEqualTo(ApiGeneration.V0_22);
        client.login();

        assertThat(requests).containsExactly(SUPERUSER_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN);
    }
}
