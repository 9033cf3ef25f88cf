package dev.skopos.jakarta.internal.pocketbase;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerSentEventReaderTest {

    private static ServerSentEventReader reader(String stream) {
        return new ServerSentEventReader(new BufferedReader(new StringReader(stream)));
    }

    @Test
    void readsNamedEventsAndJoinsDataLines() throws IOException {
        ServerSentEventReader events = reader(
                "id:abc\nevent:PB_CONNECT\ndata:{\"clientId\":\"abc\"}\n\n"
                        + ": a comment\nevent: websites/1\ndata: line one\ndata: line two\n\n");

        assertThat(events.next()).contains(new ServerSentEvent("PB_CONNECT", "{\"clientId\":\"abc\"}"));
        assertThat(events.next()).contains(new ServerSentEvent("websites/1", "line one\nline two"));
        assertThat(events.next()).isEmpty();
    }

    @Test
    void aLineLongerThanAnEventMayBeFailsTheStream() {
        ServerSentEventReader events = reader("data:" + "x".repeat((1 << 20) + 1));

        assertThatThrownBy(events::next).isInstanceOf(IOException.class).hasMessageContaining("line longer than");
    }

    @Test
    void linesMayEndWithCarriageReturnsToo() throws IOException {
        ServerSentEventReader events = reader("event:a\r\ndata:x\r\rdata:y\n\n");

        assertThat(events.next()).contains(new ServerSentEvent("a", "x"));
        assertThat(events.next()).contains(new ServerSentEvent("message", "y"));
    }

    @Test
    void unnamedEventIsAMessageAndIncompleteTailIsIgnored() throws IOException {
        ServerSentEventReader events = reader("data:x\n\nevent:late\ndata:unfinished");

        assertThat(events.next()).contains(new ServerSentEvent("message", "x"));
        assertThat(events.next()).isEmpty();
    }
}
