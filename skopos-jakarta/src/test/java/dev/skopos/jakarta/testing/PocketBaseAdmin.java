package dev.skopos.jakarta.testing;

import dev.skopos.jakarta.internal.pocketbase.AdminCredentials;
import dev.skopos.jakarta.internal.pocketbase.ApiGeneration;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * What a test does to PocketBase as its administrator, over plain JDK HTTP so that assertions never go
 * through the client under test.
 */
public final class PocketBaseAdmin {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String baseUrl;
    private final ApiGeneration generation;
    private final String email;
    private final String password;
    private final String userAgent;
    private volatile String token;

    PocketBaseAdmin(String baseUrl, ApiGeneration generation, String email, String password) {
        this(baseUrl, generation, email, password, "skopos-tests");
    }

    private PocketBaseAdmin(String baseUrl, ApiGeneration generation, String email, String password,
                            String userAgent) {
        this.baseUrl = baseUrl;
        this.generation = generation;
        this.email = email;
        this.password = password;
        this.userAgent = userAgent;
    }

    /** The same administrator sending another User-Agent, so its requests can be told apart in the log. */
    public PocketBaseAdmin withUserAgent(String agent) {
        return new PocketBaseAdmin(baseUrl, generation, email, password, agent);
    }

    /** A fresh administrator (0.22) or superuser (0.23+) token. */
    public String login() {
        JsonObject body = Json.createObjectBuilder().add("identity", email).add("password", password).build();
        token = send("POST", administrators() + "/auth-with-password", body, null).getString("token");
        return token;
    }

    /** Where the administrators live: 0.22's admins API, or the {@code _superusers} collection of 0.23+. */
    private String administrators() {
        return generation == ApiGeneration.V0_22 ? "/api/admins" : "/api/collections/_superusers";
    }

    /** Where administrator records are read and written. */
    private String administratorRecords() {
        return generation == ApiGeneration.V0_22 ? "/api/admins" : "/api/collections/_superusers/records";
    }

    public JsonObject create(String collection, JsonObject record) {
        return send("POST", "/api/collections/" + collection + "/records", record, token());
    }

    public JsonObject update(String collection, String id, JsonObject changes) {
        return send("PATCH", "/api/collections/" + collection + "/records/" + id, changes, token());
    }

    public JsonObject get(String collection, String id) {
        return send("GET", "/api/collections/" + collection + "/records/" + id, null, token());
    }

    public void delete(String collection, String id) {
        send("DELETE", "/api/collections/" + collection + "/records/" + id, null, token());
    }

    /** All records matching {@code filter} (a raw PocketBase filter, or null), oldest first. */
    public List<JsonObject> list(String collection, String filter) {
        String query = "?perPage=500&sort=created" + (filter == null ? ""
                : "&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
        return send("GET", "/api/collections/" + collection + "/records" + query, null, token())
                .getJsonArray("items").getValuesAs(JsonObject.class);
    }

    /** Every record of a collection, however many pages that takes, oldest first. */
    public List<JsonObject> listAll(String collection) {
        List<JsonObject> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonObject result = send("GET", "/api/collections/" + collection + "/records?perPage=500&sort=created"
                    + "&page=" + page, null, token());
            all.addAll(result.getJsonArray("items").getValuesAs(JsonObject.class));
            if (page >= result.getInt("totalPages")) {
                return all;
            }
        }
    }

    /**
     * How many requests PocketBase logged with this method on URLs starting with {@code urlPrefix}. PocketBase
     * writes its request log in batches, a few seconds late.
     */
    public int loggedRequests(String method, String urlPrefix) {
        return loggedRequests("data.method = '" + method + "' && data.url ~ '" + urlPrefix + "%'");
    }

    /** How many logged requests match a filter on the log's {@code data} fields. */
    public int loggedRequests(String filter) {
        return send("GET", "/api/logs?perPage=1&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8),
                null, token()).getInt("totalItems");
    }

    /** The method and URL of every logged request that matches a filter on the log's {@code data} fields. */
    public List<String> loggedRequestLines(String filter) {
        List<String> lines = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonObject result = send("GET", "/api/logs?perPage=500&page=" + page + "&filter="
                    + URLEncoder.encode(filter, StandardCharsets.UTF_8), null, token());
            result.getJsonArray("items").getValuesAs(JsonObject.class).stream().map(log -> log.getJsonObject("data"))
                    .forEach(data -> lines.add(data.getString("method") + " " + data.getString("url")));
            if (page >= result.getInt("totalPages")) {
                return lines;
            }
        }
    }

    /**
     * How many requests the tracker (told apart by its User-Agent) made with this method on URLs starting with
     * {@code urlPrefix}, as PocketBase logged them.
     */
    public int trackerRequests(String method, String urlPrefix) {
        return loggedRequests("data.method = '" + method + "' && data.url ~ '" + urlPrefix
                + "%' && data.userAgent = 'skopos-jakarta'");
    }

    /** Where {@code account} logs in: its auth collection, or this generation's administrators. */
    public String accountPath(AdminCredentials account) {
        return account.authCollection().map(collection -> "/api/collections/" + collection)
                .orElseGet(this::administrators);
    }

    /** Makes the tokens PocketBase issues to {@code account}'s collection last {@code duration} (0.23+: 10 s+). */
    public void setTokenDuration(AdminCredentials account, Duration duration) {
        JsonObject lasting = Json.createObjectBuilder().add("duration", duration.toSeconds()).build();
        if (generation == ApiGeneration.V0_22) {
            updateSettings(Json.createObjectBuilder().add(account.authCollection().isPresent() ? "recordAuthToken"
                    : "adminAuthToken", lasting).build());
        } else {
            updateCollection(account.authCollection().orElse("_superusers"),
                    Json.createObjectBuilder().add("authToken", lasting).build());
        }
    }

    /**
     * Asks superusers for a second factor (MFA, 0.23+), one-time passwords by e-mail being the other method, or
     * stops asking.
     */
    public void requireSecondFactorForSuperusers(boolean required) {
        JsonObject enabled = Json.createObjectBuilder().add("enabled", required).build();
        updateCollection("_superusers", Json.createObjectBuilder().add("mfa", enabled).add("otp", enabled).build());
    }

    /** Accepts superusers only from these addresses (0.38+); none lifts the restriction. */
    public void setSuperuserAddresses(String... addresses) {
        updateSettings(Json.createObjectBuilder().add("superuserIPs", Json.createArrayBuilder(List.of(addresses)))
                .build());
    }

    /**
     * Waits until PocketBase's request log holds every request made so far: it sends a marked request and waits
     * for that to be logged, since PocketBase writes its log in batches, in order.
     */
    public void awaitRequestLogCaughtUp() {
        String marker = "skopos-log-marker-" + UUID.randomUUID();
        send("GET", "/api/collections/websites/records?perPage=1&" + marker + "=1", null, token());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> loggedRequests("data.url ~ '" + marker + "'") == 1);
    }

    /** How many records a collection holds. */
    public int count(String collection) {
        return send("GET", "/api/collections/" + collection + "/records?perPage=1", null, token())
                .getInt("totalItems");
    }

    /** How many records of a collection match {@code filter}, a raw PocketBase filter. */
    public int count(String collection, String filter) {
        return send("GET", "/api/collections/" + collection + "/records?perPage=1&filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8), null, token()).getInt("totalItems");
    }

    /** Applies a collections definition in the import format of 0.22. */
    public void importCollections(String collectionsJson) {
        String body = "{\"collections\":" + collectionsJson + ",\"deleteMissing\":false}";
        send("PUT", "/api/collections/import", body, token());
    }

    /** A collection's settings, such as its API rules. */
    public JsonObject collection(String collection) {
        return send("GET", "/api/collections/" + collection, null, token());
    }

    /** The names of a collection's fields (0.23+ {@code fields}, 0.22 {@code schema}). */
    public List<String> fieldNames(String collection) {
        JsonObject definition = collection(collection);
        return definition.getJsonArray(definition.containsKey("fields") ? "fields" : "schema")
                .getValuesAs(JsonObject.class).stream().map(field -> field.getString("name")).toList();
    }

    public boolean hasCollection(String collection) {
        return send("GET", "/api/collections?perPage=1&filter=" + URLEncoder.encode("name = '" + collection + "'",
                StandardCharsets.UTF_8), null, token()).getInt("totalItems") > 0;
    }

    /** Turns PocketBase's batch writes (0.23+, off by default) on or off, with at most {@code maxRequests} each. */
    public void setBatches(boolean enabled, int maxRequests) {
        updateSettings(Json.createObjectBuilder().add("batch", Json.createObjectBuilder()
                .add("enabled", enabled).add("maxRequests", maxRequests)).build());
    }

    private void updateSettings(JsonObject changes) {
        send("PATCH", "/api/settings", changes, token());
    }

    /** How long PocketBase lets one batch run before it gives up on it and rolls it back (3 s by default). */
    public void setBatchTimeout(int seconds) {
        updateSettings(Json.createObjectBuilder().add("batch", Json.createObjectBuilder().add("timeout", seconds))
                .build());
    }

    /** Changes the options of one field of a collection (0.23+), such as a text field's {@code max}. */
    public void updateCollectionField(String collection, String field, JsonObject options) {
        JsonArrayBuilder fields = Json.createArrayBuilder();
        collection(collection).getJsonArray("fields").getValuesAs(JsonObject.class).forEach(existing ->
                fields.add(existing.getString("name").equals(field)
                        ? Json.createObjectBuilder(existing).addAll(Json.createObjectBuilder(options)).build()
                        : existing));
        updateCollection(collection, Json.createObjectBuilder().add("fields", fields).build());
    }

    /** Deletes a collection and its records. */
    public void deleteCollection(String collection) {
        send("DELETE", "/api/collections/" + collection, null, token());
    }

    /** Changes a collection's settings, such as its API rules. */
    public void updateCollection(String collection, JsonObject changes) {
        send("PATCH", "/api/collections/" + collection, changes.toString(), token());
    }

    /** Changes the admin's password to itself, which makes PocketBase reject every token issued before. */
    public void invalidateTokens() {
        setAdminPassword(email, password);
        token = null;
    }

    /** Creates another administrator and returns the fixture acting as that one. */
    public PocketBaseAdmin createAdmin(String otherEmail, String otherPassword) {
        send("POST", administratorRecords(), Json.createObjectBuilder().add("email", otherEmail)
                .add("password", otherPassword).add("passwordConfirm", otherPassword).build(), token());
        return new PocketBaseAdmin(baseUrl, generation, otherEmail, otherPassword, userAgent);
    }

    /** Sets the password of the administrator {@code adminEmail}; PocketBase then rejects that admin's tokens. */
    public void setAdminPassword(String adminEmail, String newPassword) {
        send("PATCH", administratorRecords() + "/" + adminId(adminEmail), Json.createObjectBuilder()
                .add("password", newPassword).add("passwordConfirm", newPassword).build(), token());
    }

    /** Deletes the administrator {@code adminEmail} (PocketBase keeps at least one). */
    public void deleteAdmin(String adminEmail) {
        send("DELETE", administratorRecords() + "/" + adminId(adminEmail), null, token());
    }

    private String adminId(String adminEmail) {
        return send("GET", administratorRecords() + "?perPage=1&filter="
                + URLEncoder.encode("email = \"" + adminEmail + "\"", StandardCharsets.UTF_8), null, token())
                .getJsonArray("items").getJsonObject(0).getString("id");
    }

    private String token() {
        return token == null ? login() : token;
    }

    private JsonObject send(String method, String path, Object body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            if (response.body().isBlank()) {
                return JsonObject.EMPTY_JSON_OBJECT;
            }
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                return reader.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
