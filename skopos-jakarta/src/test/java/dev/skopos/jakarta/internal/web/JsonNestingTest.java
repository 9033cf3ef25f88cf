package dev.skopos.jakarta.internal.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonNestingTest {

    @Test
    void countsNestedArraysAndObjects() {
        assertThat(JsonNesting.deeperThan("{\"a\":[{\"b\":[1]}]}", 4)).isFalse();
        assertThat(JsonNesting.deeperThan("{\"a\":[{\"b\":[1]}]}", 3)).isTrue();
        assertThat(JsonNesting.deeperThan("[".repeat(10_000), 64)).isTrue();
    }

    @Test
    void bracketsInsideStringsDoNotCount() {
        assertThat(JsonNesting.deeperThan("{\"a\":\"" + "[{".repeat(100) + "\\\"[[\"}", 1)).isFalse();
    }

    @Test
    void siblingsDoNotAddUp() {
        assertThat(JsonNesting.deeperThan("[" + "[],".repeat(1000) + "[]]", 2)).isFalse();
    }
}
