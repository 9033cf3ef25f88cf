package dev.skopos.jakarta.internal.pocketbase;

import dev.skopos.jakarta.internal.pocketbase.ScriptedHttpServer.Reply;
import dev.skopos.jakarta.testing.FaultProxy;
import dev.skopos.jakarta.testing.MutableClock;
import dev.skopos.jakarta.testing.PocketBaseServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The hand-written HTTP/1.1 client tested as a library would be: against a real PocketBase wherever it can show
 * the case (chunked answers, connections it closed, answers over the limit), and against a scripted server for
 * what PocketBase cannot be made to send (interim answers, malformed framing, an answer that trickles in). TLS and
 * proxies: {@link ReachingPocketBaseTest}.
 */
class PocketBaseHttpTest {
    private static final String WEBSITES = "/api/collections/websites/records";
    private static final int MANY = 60;
    private static final String OK = "HTTP/1.1 200 OK\r\n";
    private static final String CHUNKED = OK + "Transfer-Encoding: chunked\r\n\r\n";

    private static PocketBaseServer pocketBase;
    private static String token;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startPocketBase() {
        pocketBase = PocketBaseServer.start();
        token = pocketBase.admin().login();
        for (int i = 0; i < MANY; i++) {
            pocketBase.admin().create("websites", Json.createObjectBuilder().add("name", "Site " + i)
                    .add("trackingId", "many-" + i).add("domain", "site-" + i + ".example").build());
        }
    }

    @AfterAll
    static void stopPocketBase() {
        pocketBase.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private PocketBaseHttp http(String url) {
        return http(url, PocketBaseHttp.REQUEST_DEADLINE, PocketBaseHttp.MAX_ANSWER_BYTES, Clock.systemUTC());
    }

    private PocketBaseHttp http(String url, Duration deadline, long maxAnswerBytes, Clock clock) {
        return opened(new PocketBaseHttp(Origin.of(URI.create(url)), deadline, maxAnswerBytes, clock));
    }

    private static PocketBaseRequest get(String path) {
        return PocketBaseRequest.json("GET", path, token, null);
    }

    private static PocketBaseRequest createWebsite(String trackingId) {
        return PocketBaseRequest.json("POST", WEBSITES, token, Json.createObjectBuilder().add("name", trackingId)
                .add("trackingId", trackingId).build());
    }

    private static String transferEncodingOf(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(pocketBase.url() + path).toURL().openConnection();
        connection.setRequestProperty("Authorization", token);
        try {
            connection.getInputStream().readAllBytes();
            return connection.getHeaderField("Transfer-Encoding");
        } finally {
            connection.disconnect();
        }
    }

    @Test
    void aChunkedAnswerIsReadWholeAndItsConnectionCarriesTheNextRequest() throws IOException {
        String longList = WEBSITES + "?perPage=" + (MANY + 10);
        assertThat(transferEncodingOf(longList)).as("PocketBase sends a long list in chunks").isEqualTo("chunked");
        FaultProxy proxy = opened(FaultProxy.to(pocketBase.url()));
        PocketBaseHttp http = http(proxy.url());

        JsonValue list = http.send(get(longList));
        JsonValue website = http.send(get(WEBSITES + "/" + pocketBase.websiteId()));

        assertThat(list.asJsonObject().getJsonArray("items")).hasSizeGreaterThan(MANY);
        assertThat(website.asJsonObject().getString("trackingId")).isEqualTo(pocketBase.trackingId());
        assertThat(proxy.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void aGetOnAConnectionTheOtherSideClosedGoesOutAgainOnANewOne() {
        FaultProxy proxy = opened(FaultProxy.to(pocketBase.url()));
        PocketBaseHttp http = http(proxy.url());
        http.send(get(WEBSITES + "/" + pocketBase.websiteId()));

        proxy.closeConnections();

        assertThat(http.send(get(WEBSITES + "/" + pocketBase.websiteId())).asJsonObject().getString("id"))
                .isEqualTo(pocketBase.websiteId());
        assertThat(proxy.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void aConnectionIdleOverASecondIsCheckedBeforeAWriteGoesOutOnIt() {
        FaultProxy proxy = opened(FaultProxy.to(pocketBase.url()));
        MutableClock clock = new MutableClock();
        PocketBaseHttp http = http(proxy.url(), PocketBaseHttp.REQUEST_DEADLINE, PocketBaseHttp.MAX_ANSWER_BYTES,
                clock);
        http.send(createWebsite("idle-before"));

        proxy.closeConnections();
        clock.advance(Duration.ofSeconds(2));

        assertThat(http.send(createWebsite("idle-after")).asJsonObject().getString("trackingId"))
                .isEqualTo("idle-after");
        assertThat(proxy.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void answersOverTheLimitAreRefusedWhetherTheirLengthIsGivenOrChunked() {
        FaultProxy proxy = opened(FaultProxy.to(pocketBase.url()));
        long limit = 1000;
        PocketBaseHttp http = http(proxy.url(), PocketBaseHttp.REQUEST_DEADLINE, limit, Clock.systemUTC());

        assertThatThrownBy(() -> http.send(get(WEBSITES + "?perPage=4"))).as("a Content-Length over the limit")
                .isInstanceOfSatisfying(PocketBaseException.class, e -> assertThat(e.isUnreachable()).isTrue())
                .hasMessageContaining("larger than 1000 bytes");
        assertThatThrownBy(() -> http.send(get(WEBSITES + "?perPage=" + MANY))).as("chunks over the limit")
                .hasMessageContaining("larger than 1000 bytes");
        assertThat(http.send(get(WEBSITES + "/" + pocketBase.websiteId())).asJsonObject().getString("id"))
                .as("a small answer").isEqualTo(pocketBase.websiteId());
        assertThat(proxy.connectionsOpened()).as("no refused answer's connection used again").isEqualTo(3);
    }

    @Test
    void interimAnswersArePassedOver() {
        ScriptedHttpServer server = opened(ScriptedHttpServer.replying(Reply.of("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{\"ok\":true}")));

        assertThat(http(server.url()).send(get("/api/health"))).isEqualTo(Json.createObjectBuilder()
                .add("ok", true).build());
    }

    @Test
    void anAnswerEndedByClosingTheConnectionIsReadToItsEndAndBounded() {
        String body = "{\"message\":\"" + "x".repeat(2000) + "\"}";
        ScriptedHttpServer server = opened(ScriptedHttpServer.replying(
                Reply.of("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + body).thenClose(),
                Reply.of("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + body).thenClose()));

        assertThat(http(server.url()).send(get("/api/health")).asJsonObject().getString("message")).hasSize(2000);
        assertThatThrownBy(() -> http(server.url(), PocketBaseHttp.REQUEST_DEADLINE, 1000, Clock.systemUTC())
                .send(get("/api/health"))).hasMessageContaining("larger than 1000 bytes");
    }

    /** Answers whose framing is broken or could be read more than one way, and what the failure says. */
    static Stream<Arguments> malformedAnswers() {
        return Stream.of(
                arguments("not HTTP/1.x", "HTTP/2 200 OK\r\n\r\n", "not an HTTP/1.1 status line"),
                arguments("a status of four digits", "HTTP/1.1 2000 OK\r\n\r\n", "not an HTTP/1.1 status line"),
                arguments("a header without a colon", OK + "Content-Length 2\r\n\r\n{}", "malformed header line"),
                arguments("a folded header", OK + "X-A: 1\r\n  2\r\nContent-Length: 2\r\n\r\n{}",
                        "malformed header line"),
                arguments("a length that is no number", OK + "Content-Length: 2x\r\n\r\n{}",
                        "malformed Content-Length"),
                arguments("a negative length", OK + "Content-Length: -2\r\n\r\n{}", "malformed Content-Length"),
                arguments("two lengths that differ", OK + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
                        "malformed Content-Length"),
                arguments("a length and chunks", OK + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "2\r\n{}\r\n0\r\n\r\n", "both Content-Length and Transfer-Encoding"),
                arguments("an unknown transfer coding", OK + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                        "unsupported Transfer-Encoding"),
                arguments("a chunk size that is no hex number", CHUNKED + "zz\r\n{}\r\n0\r\n\r\n",
                        "malformed chunk size line"),
                arguments("a chunk without its line end", CHUNKED + "1\r\n{}\r\n0\r\n\r\n",
                        "chunk not followed by a line end"),
                arguments("a switch of protocols", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
                        "unexpected 'HTTP/1.1 101"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedAnswers")
    void malformedFramingFailsTheRequestAndItsConnection(String description, String reply, String expected) {
        ScriptedHttpServer server = opened(ScriptedHttpServer.replying(Reply.of(reply), Reply.json("{\"ok\":true}")));
        PocketBaseHttp http = http(server.url());

        assertThatThrownBy(() -> http.send(get("/api/health"))).as(description)
                .isInstanceOfSatisfying(PocketBaseException.class, e -> assertThat(e.isUnreachable()).isTrue())
                .hasMessageContaining(expected);
        assertThat(http.send(get("/api/health")).asJsonObject().getBoolean("ok")).isTrue();
        assertThat(server.connectionsOpened()).as("a new connection after the malformed answer").isEqualTo(2);
    }

    @Test
    void aBodyCutShortFailsTheRequest() {
        ScriptedHttpServer server = opened(ScriptedHttpServer.replying(
                Reply.of(OK + "Content-Length: 20\r\n\r\n{}").thenClose()));

        assertThatThrownBy(() -> http(server.url()).send(get("/api/health")))
                .isInstanceOfSatisfying(PocketBaseException.class, e -> assertThat(e.isUnreachable()).isTrue())
                .hasMessageContaining("connection closed inside a response body");
    }

    @Test
    void headersBeyondTheirBoundsFailTheRequest() {
        ScriptedHttpServer server = opened(ScriptedHttpServer.replying(
                Reply.of("HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(9000) + "\r\nContent-Length: 2\r\n\r\n{}"),
                Reply.of("HTTP/1.1 200 OK\r\n" + "X-Many: 1\r\n".repeat(101) + "Content-Length: 2\r\n\r\n{}")));
        PocketBaseHttp http = http(server.url());

        assertThatThrownBy(() -> http.send(get("/api/health"))).hasMessageContaining("line longer than 8192 bytes");
        assertThatThrownBy(() -> http.send(get("/api/health"))).hasMessageContaining("more than 100 header lines");
    }

    @Test
    void aRequestEndsAtItsDeadlineThoughItsAnswerKeepsComing() {
        JsonObject body = Json.createObjectBuilder().add("message", "x".repeat(100)).build();
        ScriptedHttpServer server = opened(ScriptedHttpServer.replying(Reply.json(body.toString())
                .trickled(Duration.ofMillis(50))));
        PocketBaseHttp http = http(server.url(), Duration.ofSeconds(1), PocketBaseHttp.MAX_ANSWER_BYTES,
                Clock.systemUTC());
        long started = System.nanoTime();

        assertThatThrownBy(() -> http.send(get("/api/health")))
                .isInstanceOfSatisfying(PocketBaseException.class, e -> assertThat(e.isUnreachable()).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("each byte came within 50 ms; the answer"
                + " would have taken 9 s").isLessThan(Duration.ofSeconds(3));
    }
}
