package dev.skopos.jakarta.internal.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SdkVersionTest {

    @ParameterizedTest
    @CsvSource({
            "0.1.0-SNAPSHOT, 0.1.0",
            "1.4.2, 1.4.2",
            "2.0, 2.0.0",
            "3, 3.0.0",
            "1.2.3.Final, 1.2.3",
            "unknown, 0.0.0"
    })
    void writesOnlyTheReleaseNumbersTheDashboardCanCompare(String mavenVersion, String written) {
        assertThat(SdkVersion.release(mavenVersion)).isEqualTo(written);
    }

    @Test
    void ownVersionIsPlainSemanticVersion() {
        assertThat(SdkVersion.value()).matches("\\d+\\.\\d+\\.\\d+");
    }
}
