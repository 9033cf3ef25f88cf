package dev.skopos.jakarta.internal.pocketbase;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkedInputStreamTest {

    private static InputStream chunked(String wire) {
        return new ChunkedInputStream(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void joinsChunksAndStopsAtTheLastOne() throws IOException {
        InputStream body = chunked("5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n");

        assertThat(new String(body.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("hello, world");
    }

    @Test
    void readsTheTrailerSoThatAKeptAliveConnectionIsAtTheNextResponse() throws IOException {
        InputStream wire = new ByteArrayInputStream(
                "5\r\nhello\r\n0\r\nX-Checksum: 1\r\n\r\nHTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(new ChunkedInputStream(wire).readAllBytes()).asString(StandardCharsets.ISO_8859_1)
                .isEqualTo("hello");
        assertThat(HttpLines.read(wire)).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void malformedSizeIsAnError() {
        assertThatThrownBy(() -> chunked("zz\r\nhello\r\n").readAllBytes()).isInstanceOf(IOException.class)
                .hasMessageContaining("malformed chunk size");
    }

    @Test
    void truncatedChunkIsAnError() {
        assertThatThrownBy(() -> chunked("a\r\nhello").readAllBytes()).isInstanceOf(IOException.class);
    }
}
