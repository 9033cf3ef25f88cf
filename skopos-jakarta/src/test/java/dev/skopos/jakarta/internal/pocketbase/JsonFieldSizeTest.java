package dev.skopos.jakarta.internal.pocketbase;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonFieldSizeTest {

    private static long sizeOf(String text) {
        return JsonFieldSize.of(Json.createValue(text));
    }

    @Test
    void countsUtf8BytesOfTheJsonText() {
        assertThat(sizeOf("abc")).isEqualTo(5);
        assertThat(sizeOf("é")).isEqualTo(4);
        assertThat(sizeOf("€")).isEqualTo(5);
        assertThat(sizeOf("😀")).isEqualTo(6);
        assertThat(JsonFieldSize.of(Json.createObjectBuilder().add("k", 12).build())).isEqualTo(8);
    }

    @Test
    void countsWhatGoEscapesAtSixBytesEach() {
        assertThat(sizeOf("<>&")).isEqualTo(2 + 18);
        assertThat(sizeOf("\u2028\u2029")).isEqualTo(2 + 12);
        assertThat(sizeOf("\b\f")).isEqualTo(2 + 12);
        assertThat(sizeOf("\u0001")).isEqualTo(2 + 6);
        assertThat(sizeOf("\ud800")).as("a lone surrogate").isEqualTo(2 + 6);
    }

    @Test
    void countsTheShortEscapesBothEncodersShareAtTwoBytes() {
        assertThat(sizeOf("\n\t\"\\")).isEqualTo(2 + 8);
        assertThat(sizeOf("\\b")).as("a backslash, then a b").isEqualTo(2 + 3);
    }
}
