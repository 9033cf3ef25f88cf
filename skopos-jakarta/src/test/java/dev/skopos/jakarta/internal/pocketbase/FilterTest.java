package dev.skopos.jakarta.internal.pocketbase;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterTest {

    @Test
    void quotesPlainValues() {
        assertThat(Filter.eq("trackingId", "site-1").expression()).isEqualTo("trackingId = \"site-1\"");
    }

    @Test
    void escapesQuotesSoValuesCannotCloseTheLiteral() {
        assertThat(Filter.eq("trackingId", "a\" || trackingId != \"").expression())
                .isEqualTo("trackingId = \"a\\\" || trackingId != \\\"\"");
    }

    @Test
    void combinesWithParentheses() {
        assertThat(Filter.eq("a", "1").and(Filter.eq("b", "2")).expression())
                .isEqualTo("(a = \"1\") && (b = \"2\")");
    }

    @Test
    void refusesValuesHoldingABackslash() {
        assertThatThrownBy(() -> Filter.eq("trackingId", "site\\")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Filter.eq("trackingId", "back\\\"quote"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Filter.isQuotable("back\\slash")).isFalse();
    }

    @Test
    void refusesFieldNamesThatAreExpressions() {
        assertThatThrownBy(() -> Filter.eq("id != '' || id", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
