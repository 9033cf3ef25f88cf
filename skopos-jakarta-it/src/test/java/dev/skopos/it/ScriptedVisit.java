package dev.skopos.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One session of a visitor on {@code https://example.com}, posted step by step as a browser running the Skopos
 * script posts it (each payload with the page's URL, referrer and language) and as it uses the demo's forms and
 * actions. Each step is written to PocketBase (the demo's flush action) before the next, so the records are
 * created in the order of the script. It notes when its first and last steps were posted and written: the
 * session record's length ({@code updated - created}) lies between {@link #shortest()} and {@link #longest()}.
 */
final class ScriptedVisit {
    private static final Duration SESSION_TIMEOUT =
            Duration.ofMillis(Long.parseLong(System.getenv("SKOPOS_SESSION_TIMEOUT")));
    private static final String SITE = "https://example.com";

    private final Browser browser;
    private final String language;
    private final String referrer;
    /** How many sessions the visitor had before this one. */
    private final int earlierSessions;
    private Instant firstPosted;
    private Instant firstWritten;
    private Instant lastPosted;
    private Instant lastWritten;

    /**
     * @param language what the browser reports as {@code navigator.language}; empty for none
     * @param referrer {@code document.referrer} of the page the visitor landed on; empty for none
     */
    ScriptedVisit(Browser browser, String language, String referrer) {
        this(browser, language, referrer, 0);
    }

    private ScriptedVisit(Browser browser, String language, String referrer, int earlierSessions) {
        this.browser = browser;
        this.language = language;
        this.referrer = referrer;
        this.earlierSessions = earlierSessions;
    }

    Browser browser() {
        return browser;
    }

    ScriptedVisit pageView(String path) throws IOException, InterruptedException {
        return post(payload("pageView", path));
    }

    ScriptedVisit custom(String path, String name, JsonObject data) throws IOException, InterruptedException {
        return post(payload("custom", path).add("name", name).add("customData", data));
    }

    /** The page exit as the reference browser script reports it: a custom event {@code exit} with its seconds. */
    ScriptedVisit exit(String path, int seconds) throws IOException, InterruptedException {
        return custom(path, "exit", Json.createObjectBuilder().add("duration", seconds).build());
    }

    ScriptedVisit jsError(String path, String message, String stackTrace) throws IOException, InterruptedException {
        return post(payload("jsError", path).add("errorMessage", message).add("stackTrace", stackTrace));
    }

    /** The demo's sign-up form: the application records {@code user_signup} for the visitor. */
    ScriptedVisit signUp(String email) throws IOException, InterruptedException {
        return step(() -> browser.post(application("api/demo/signup"), "application/x-www-form-urlencoded",
                "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)), 303);
    }

    /** The demo's login form: the application identifies the visitor, which is no event of the session. */
    ScriptedVisit logIn(String user) throws IOException, InterruptedException {
        assertThat(browser.post(application("api/demo/login"), "application/x-www-form-urlencoded",
                "user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)).statusCode()).isEqualTo(303);
        flush();
        return this;
    }

    /** A checkout in the application, which records {@code checkout_completed} for the visitor. */
    ScriptedVisit checkout(int total) throws IOException, InterruptedException {
        return step(() -> browser.post(application("api/actions/checkout?total=" + total), "text/plain", ""), 204);
    }

    /** Lets time pass until {@code length} after the first step was written: the next step comes later. */
    ScriptedVisit lastingAtLeast(Duration length) {
        Instant until = firstWritten.plus(length);
        await().atMost(length.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> !Instant.now().isBefore(until));
        return this;
    }

    /**
     * The visitor's next session: once this one has been idle past the tracker's session timeout, the same
     * browser comes back from {@code referrer}.
     */
    ScriptedVisit returnsFrom(String referrer) {
        Instant timedOut = lastWritten.plus(SESSION_TIMEOUT).plusMillis(500);
        await().atMost(SESSION_TIMEOUT.plusSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> !Instant.now().isBefore(timedOut));
        return new ScriptedVisit(browser, language, referrer, earlierSessions + 1);
    }

    /** The session record PocketBase holds for this visit. */
    JsonObject storedSession() {
        return StoredEvents.sessionsOfVisitor(browser.visitorId()).stream()
                .sorted(Comparator.comparing(session -> session.getString("created")))
                .skip(earlierSessions).findFirst().orElseThrow();
    }

    /** The least the session record can last: from its first step written to its last step posted. */
    Duration shortest() {
        Duration length = Duration.between(firstWritten, lastPosted);
        return length.isNegative() ? Duration.ZERO : length;
    }

    /** The most the session record can last: from its first step posted to its last step written. */
    Duration longest() {
        return Duration.between(firstPosted, lastWritten);
    }

    private JsonObjectBuilder payload(String type, String path) {
        JsonObjectBuilder payload = Json.createObjectBuilder().add("type", type).add("url", SITE + path)
                .add("referrer", referrer);
        return language.isEmpty() ? payload : payload.add("language", language);
    }

    /** Sends the payload as {@code navigator.sendBeacon} does. */
    private ScriptedVisit post(JsonObjectBuilder payload) throws IOException, InterruptedException {
        String body = payload.build().toString();
        return step(() -> browser.post(application("api/event"), "text/plain;charset=UTF-8", body), 204);
    }

    private ScriptedVisit step(Request request, int expectedStatus) throws IOException, InterruptedException {
        lastPosted = Instant.now();
        if (firstPosted == null) {
            firstPosted = lastPosted;
        }
        assertThat(request.send().statusCode()).isEqualTo(expectedStatus);
        flush();
        lastWritten = Instant.now();
        if (firstWritten == null) {
            firstWritten = lastWritten;
        }
        return this;
    }

    /** Waits until the tracker has written everything it holds (the demo's flush action). */
    private void flush() throws IOException, InterruptedException {
        assertThat(browser.post(application("api/actions/flush"), "text/plain", "").body()).endsWith(" 0 pending");
    }

    private static URI application(String path) {
        return ItEnvironment.application().resolve(path);
    }

    @FunctionalInterface
    private interface Request {
        HttpResponse<String> send() throws IOException, InterruptedException;
    }
}
