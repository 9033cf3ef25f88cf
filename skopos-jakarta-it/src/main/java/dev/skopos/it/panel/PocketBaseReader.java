package dev.skopos.it.panel;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Reads PocketBase records for the demo panel with the tracker's own settings and account. It logs in on first
 * use (as the tracker's record of {@code skopos.auth-collection} when that is set, whose API rules let it read
 * its website's sessions and events; else as a PocketBase 0.23+ superuser or a 0.22 admin), keeps the token on the
 * server, and logs in again when PocketBase stops accepting it. A list stops after {@value #MAX_PAGES} pages of
 * {@value #PAGE_SIZE} records: the panel is for a demo's traffic, not a busy site's.
 */
@ApplicationScoped
public class PocketBaseReader {
    static final int PAGE_SIZE = 500;
    static final int MAX_PAGES = 20;
    private static final List<String> LOGIN_PATHS = List.of(
            "/api/collections/_superusers/auth-with-password", "/api/admins/auth-with-password");

    @Inject
    @ConfigProperty(name = "skopos.pocketbase-url")
    String pocketBaseUrl;

    @Inject
    @ConfigProperty(name = "skopos.admin-email")
    String adminEmail;

    @Inject
    @ConfigProperty(name = "skopos.admin-password")
    String adminPassword;

    @Inject
    @ConfigProperty(name = "skopos.auth-collection")
    Optional<String> authCollection;

    private Client client;
    private volatile String token;

    /** Records of one collection, in the order asked for, and whether that is all of them. */
    public record Records(List<JsonObject> items, boolean complete) {
    }

    @PostConstruct
    void open() {
        client = ClientBuilder.newBuilder().connectTimeout(2, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS)
                .build();
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The records of {@code collection} that match {@code filter}, oldest first, with only {@code fields}. */
    public Records list(String collection, String filter, String fields) {
        List<JsonObject> items = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonObject result = get(URI.create(base() + "/api/collections/" + collection + "/records?page=" + page
                    + "&perPage=" + PAGE_SIZE + "&sort=created&filter=" + encode(filter)
                    + "&fields=" + encode(fields)));
            result.getJsonArray("items").getValuesAs(JsonObject.class).forEach(items::add);
            if (page >= result.getInt("totalPages")) {
                return new Records(items, true);
            }
        }
        return new Records(items, false);
    }

    private JsonObject get(URI uri) {
        String current = token != null ? token : logIn();
        try (Response response = send(uri, current)) {
            if (response.getStatus() != 401 && response.getStatus() != 403) {
                return json(response);
            }
        }
        try (Response retried = send(uri, logIn())) {
            return json(retried);
        }
    }

    private Response send(URI uri, String withToken) {
        try {
            return client.target(uri).request(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.AUTHORIZATION, withToken).get();
        } catch (ProcessingException e) {
            throw unreachable(e);
        }
    }

    private String logIn() {
        String body = Json.createObjectBuilder().add("identity", adminEmail).add("password", adminPassword).build()
                .toString();
        List<String> loginPaths = authCollection.map(String::trim).filter(name -> !name.isEmpty())
                .map(name -> List.of("/api/collections/" + name + "/auth-with-password")).orElse(LOGIN_PATHS);
        for (String path : loginPaths) {
            try (Response response = client.target(base() + path).request(MediaType.APPLICATION_JSON)
                    .post(Entity.json(body))) {
                if (response.getStatus() == 404) {
                    continue; // the other PocketBase generation
                }
                if (response.getStatus() != 200) {
                    throw new PanelDataUnavailableException(
                            "PocketBase refused the administrator login (HTTP " + response.getStatus() + ")");
                }
                token = json(response).getString("token");
                return token;
            } catch (ProcessingException e) {
                throw unreachable(e);
            }
        }
        throw new PanelDataUnavailableException("PocketBase offers neither administrator login");
    }

    private static JsonObject json(Response response) {
        if (response.getStatus() != 200) {
            throw new PanelDataUnavailableException("PocketBase answered HTTP " + response.getStatus());
        }
        try (JsonReader reader = Json.createReader(new StringReader(response.readEntity(String.class)))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject object) {
                return object;
            }
        } catch (ProcessingException e) {
            throw unreachable(e);
        } catch (JsonException e) {
            throw new PanelDataUnavailableException("PocketBase answered something other than JSON", e);
        }
        throw new PanelDataUnavailableException("PocketBase answered something other than a JSON object");
    }

    private static PanelDataUnavailableException unreachable(ProcessingException cause) {
        return new PanelDataUnavailableException("PocketBase does not answer", cause);
    }

    private String base() {
        return pocketBaseUrl.endsWith("/") ? pocketBaseUrl.substring(0, pocketBaseUrl.length() - 1) : pocketBaseUrl;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, UTF_8);
    }
}
