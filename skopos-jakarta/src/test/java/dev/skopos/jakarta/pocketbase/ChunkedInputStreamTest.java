package dev.skopos.jakarta.pocketbase;

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
    void malformedSizeIsAnError() {
        assertThatThrownBy(() -> chunked("zz\r\nhello\r\n").readAllBytes()).isInstanceOf(IOException.class)
                .hasMessageContaining("malformed chunk size");
    }

    @Test
    void truncatedChunkIsAnError() {
        assertThatThrownBy(() -> chunked("a\r\nhello").readAllBytes()).isInstanceOf(IOException.class);
    }
}
