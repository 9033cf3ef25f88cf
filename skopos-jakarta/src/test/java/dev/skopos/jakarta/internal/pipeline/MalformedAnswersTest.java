package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.testing.FaultProxy;
import dev.skopos.jakarta.testing.PocketBaseServer;
import dev.skopos.jakarta.testing.TrackerHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.newIp;
import static dev.skopos.jakarta.internal.pipeline.PipelineStorageTest.pageView;
import static dev.skopos.jakarta.testing.TrackerHarness.browser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Answers a real PocketBase never sends, put by a proxy in front of it in the place of its answer to one event's
 * write: a 2xx without the record's id (the proxy's own page, which never passed the write on, or a hook that
 * rewrote the answer to a write PocketBase saved), a {@code Content-Length} over 2 GB, a negative chunk size, a
 * body that is not JSON. Each is taken for no answer: the write is tried again and lands exactly once, and the
 * records after it follow.
 */
class MalformedAnswersTest {
    private static final String EVENTS = "/api/collections/events/records";

    /** What the proxy answers, and whether PocketBase got the write first. */
    enum Answer {
        WITHOUT_ID_FROM_A_PROXY(false, complete("application/json", "{\"ok\":true}")),
        WITHOUT_ID_AFTER_SAVING(true, complete("application/json", "{\"ok\":true}")),
        CONTENT_LENGTH_OVER_2_GB(true, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Content-Length: 3000000000\r\n\r\n{\"id\":"),
        NEGATIVE_CHUNK_SIZE(true, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n-5\r\n{\"id\":\r\n0\r\n\r\n"),
        NOT_JSON(true, complete("text/html", "<html><body>Service page</body></html>"));

        private final boolean passedOn;
        private final String reply;

        Answer(boolean passedOn, String reply) {
            this.passedOn = passedOn;
            this.reply = reply;
        }

        private static String complete(String contentType, String body) {
            return "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
        }
    }

    @ParameterizedTest
    @EnumSource(Answer.class)
    void aMalformedAnswerToAWriteIsTakenForNoAnswerAndTheWriteLandsOnce(Answer answer) throws Exception {
        String ip = newIp();
        try (PocketBaseServer pocketBase = PocketBaseServer.start();
             FaultProxy proxy = FaultProxy.to(pocketBase.url());
             TrackerHarness tracker = TrackerHarness.through(pocketBase, proxy.url())) {
            RequestInfo visitor = browser(ip);
            PocketBaseView stored = new PocketBaseView(pocketBase);
            tracker.track(visitor, pageView("/").build());
            await().atMost(Duration.ofSeconds(10)).until(() -> stored.events(ip).size() == 1);

            if (answer.passedOn) {
                proxy.replaceAnswers("POST", EVENTS, 1, answer.reply);
            } else {
                proxy.answerInstead("POST", EVENTS, 1, answer.reply);
            }
            tracker.track(visitor, pageView("/malformed").build());
            tracker.track(visitor, pageView("/after").build());

            await().atMost(Duration.ofSeconds(20)).until(() -> tracker.pipeline().delivery().queued() == 0);
            assertThat(proxy.answersReplaced()).isEqualTo(1);
            assertThat(stored.events(ip)).extracting(event -> event.getString("path"))
                    .containsExactlyInAnyOrder("/", "/malformed", "/after");
            Delivery books = tracker.core().status().delivery();
            assertThat(books.retries()).as("the malformed answer taken for none, and the write tried again")
                    .isPositive();
            assertThat(books.written()).isEqualTo(books.accepted()).isEqualTo(3);
        }
    }
}
