package dev.skopos.jakarta.internal.config;

import dev.skopos.jakarta.internal.cluster.SharedState;
import dev.skopos.jakarta.internal.intake.RateLimits;
import dev.skopos.jakarta.internal.net.TrustedProxies;
import dev.skopos.jakarta.internal.pocketbase.AdminCredentials;
import dev.skopos.jakarta.internal.pocketbase.Filter;
import dev.skopos.jakarta.internal.spool.SpoolSettings;
import dev.skopos.jakarta.internal.visitors.VisitorIdScheme;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates {@link SkoposConfig} from a property lookup (MicroProfile Config in a server, a map in
 * tests). Every problem is reported as one {@link InvalidConfigurationException} naming the property.
 */
public final class SkoposConfigReader {
    private static final Duration DEFAULT_BATCH_INTERVAL = Duration.ofSeconds(10);
    private static final int DEFAULT_MAX_BATCH_SIZE = 100;
    /** What PocketBase on the same two cores takes best: enough to overlap round trips, few enough to share. */
    public static final int DEFAULT_WRITE_CONCURRENCY = 4;
    /** PocketBase writes one SQLite database; more writers than this only cost connections. */
    private static final int MAX_WRITE_CONCURRENCY = 32;
    private static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration DEFAULT_JS_ERROR_BATCH_INTERVAL = Duration.ofMinutes(5);
    private static final long MB = 1024 * 1024;
    private static final long DEFAULT_MEMORY_BUDGET = 64 * MB;
    /** Below this the fixed caches leave too little for the queue and sessions. */
    private static final long MIN_MEMORY_BUDGET = 16 * MB;
    private static final Duration DEFAULT_SPOOL_SYNC_INTERVAL = Duration.ofSeconds(1);
    private static final long DEFAULT_SPOOL_MAX_BYTES = 256 * MB;
    private static final long MIN_SPOOL_MAX_BYTES = MB;
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);
    private static final int MIN_SECRET_LENGTH = 16;
    private static final int MIN_IPV6_PREFIX = 16;

    private final Function<String, Optional<String>> lookup;

    public SkoposConfigReader(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    public SkoposConfig read() {
        // a password is used exactly as configured: spaces at its ends may be part of it
        String password = lookup.apply(SkoposProperty.ADMIN_PASSWORD.key()).filter(v -> !v.isEmpty())
                .orElseThrow(() -> invalid(SkoposProperty.ADMIN_PASSWORD, "is required but not set"));
        return new SkoposConfig(
                siteId(),
                pocketBaseUrl(),
                new AdminCredentials(required(SkoposProperty.ADMIN_EMAIL), password,
                        value(SkoposProperty.AUTH_COLLECTION)),
                flag(SkoposProperty.BATCH, false),
                duration(SkoposProperty.BATCH_INTERVAL, DEFAULT_BATCH_INTERVAL),
                positiveInt(SkoposProperty.MAX_BATCH_SIZE, DEFAULT_MAX_BATCH_SIZE),
                writeConcurrency(),
                duration(SkoposProperty.SESSION_TIMEOUT, DEFAULT_SESSION_TIMEOUT),
                duration(SkoposProperty.JS_ERROR_BATCH_INTERVAL, DEFAULT_JS_ERROR_BATCH_INTERVAL),
                size(SkoposProperty.MEMORY_BUDGET, DEFAULT_MEMORY_BUDGET, MIN_MEMORY_BUDGET),
                readableFiles(SkoposProperty.GEOIP_DATABASE),
                new Safeguards(trustedProxies(), rateLimits(), visitorIds(), flag(SkoposProperty.RESPECT_GPC, false)),
                flag(SkoposProperty.READINESS_FOLLOWS_POCKETBASE, false),
                sharedState(),
                flag(SkoposProperty.ENDPOINT_ENABLED, true),
                spool());
    }

    /**
     * The durable spool, on once it has a directory. What is appended reaches the operating system before the
     * tracking call returns, so a killed process loses nothing; the sync interval bounds what an operating system
     * crash or power loss can take (a second of events by default), at the cost of one {@code fsync} per interval
     * rather than one per event. The spool keeps this instance's own sessions, so it cannot go with shared state.
     */
    private Optional<SpoolSettings> spool() {
        return value(SkoposProperty.SPOOL_DIRECTORY).map(directory -> {
            if (sharedState() != SharedState.LOCAL) {
                throw invalid(SkoposProperty.SPOOL_DIRECTORY, "cannot be used with skopos.shared-state=jcache:"
                        + " the spool keeps this instance's own sessions");
            }
            return new SpoolSettings(Path.of(directory),
                    duration(SkoposProperty.SPOOL_SYNC_INTERVAL, DEFAULT_SPOOL_SYNC_INTERVAL),
                    size(SkoposProperty.SPOOL_MAX_BYTES, DEFAULT_SPOOL_MAX_BYTES, MIN_SPOOL_MAX_BYTES));
        });
    }

    /** The tracking id, which the website record is looked up by. */
    private String siteId() {
        String siteId = required(SkoposProperty.SITE_ID);
        if (!Filter.isQuotable(siteId)) {
            throw invalid(SkoposProperty.SITE_ID, "cannot hold a backslash");
        }
        return siteId;
    }

    private SharedState sharedState() {
        return value(SkoposProperty.SHARED_STATE).map(raw -> switch (raw.toLowerCase(Locale.ROOT)) {
            case "local" -> SharedState.LOCAL;
            case "jcache" -> SharedState.JCACHE;
            default -> throw invalid(SkoposProperty.SHARED_STATE, "must be local or jcache, not '" + raw + "'");
        }).orElse(SharedState.LOCAL);
    }

    private int writeConcurrency() {
        int writers = positiveInt(SkoposProperty.WRITE_CONCURRENCY, DEFAULT_WRITE_CONCURRENCY);
        if (writers > MAX_WRITE_CONCURRENCY) {
            throw invalid(SkoposProperty.WRITE_CONCURRENCY, "must be at most " + MAX_WRITE_CONCURRENCY + ", not "
                    + writers);
        }
        return writers;
    }

    private RateLimits rateLimits() {
        return new RateLimits(
                wholeNumber(SkoposProperty.RATE_LIMIT, RateLimits.DEFAULT_PER_ADDRESS_PER_MINUTE,
                        "a whole number of events per minute (0 for no limit)"),
                ipv6PrefixLength(),
                wholeNumber(SkoposProperty.SITE_RATE_LIMIT, RateLimits.DEFAULT_SITE_PER_SECOND,
                        "a whole number of events per second (0 for no ceiling)"));
    }

    /** A whole number from 0 up, {@code meaning} saying what it counts when it is not one. */
    private int wholeNumber(SkoposProperty property, int defaultValue, String meaning) {
        return value(property).map(raw -> {
            if (raw.matches("\\d{1,9}")) {
                return Integer.parseInt(raw);
            }
            throw invalid(property, "must be " + meaning + ", not '" + raw + "'");
        }).orElse(defaultValue);
    }

    /** Below a /16 one client would be a sizeable share of the Internet; 128 is one address. */
    private int ipv6PrefixLength() {
        int length = wholeNumber(SkoposProperty.RATE_LIMIT_IPV6_PREFIX, RateLimits.DEFAULT_IPV6_PREFIX_LENGTH,
                "a prefix length from " + MIN_IPV6_PREFIX + " to 128");
        if (length < MIN_IPV6_PREFIX || length > 128) {
            throw invalid(SkoposProperty.RATE_LIMIT_IPV6_PREFIX, "must be a prefix length from " + MIN_IPV6_PREFIX
                    + " to 128, not " + length);
        }
        return length;
    }

    /** The reference formula unless a secret is set; daily rotation needs one. */
    private VisitorIdScheme visitorIds() {
        VisitorIdScheme.Rotation rotation = value(SkoposProperty.VISITOR_ID_ROTATION)
                .map(raw -> switch (raw.toLowerCase(Locale.ROOT)) {
                    case "none" -> VisitorIdScheme.Rotation.NONE;
                    case "daily" -> VisitorIdScheme.Rotation.DAILY;
                    default -> throw invalid(SkoposProperty.VISITOR_ID_ROTATION,
                            "must be none or daily, not '" + raw + "'");
                }).orElse(VisitorIdScheme.Rotation.NONE);
        Optional<String> secret = value(SkoposProperty.VISITOR_ID_SECRET);
        if (secret.isEmpty()) {
            if (rotation != VisitorIdScheme.Rotation.NONE) {
                throw invalid(SkoposProperty.VISITOR_ID_ROTATION, "needs " + SkoposProperty.VISITOR_ID_SECRET.key()
                        + " to derive each day's key from");
            }
            return VisitorIdScheme.reference();
        }
        if (secret.get().length() < MIN_SECRET_LENGTH) {
            // never echo the value: it is a secret, even when too short
            throw invalid(SkoposProperty.VISITOR_ID_SECRET, "must be at least " + MIN_SECRET_LENGTH
                    + " characters; use a random value such as the output of 'openssl rand -base64 32'");
        }
        return VisitorIdScheme.keyed(secret.get(), rotation);
    }

    /** A comma-separated list of addresses and CIDR ranges, and the one header those proxies write. */
    private TrustedProxies trustedProxies() {
        TrustedProxies.Header header = value(SkoposProperty.FORWARDED_HEADER)
                .map(raw -> switch (raw.toLowerCase(Locale.ROOT)) {
                    case "x-forwarded-for" -> TrustedProxies.Header.X_FORWARDED_FOR;
                    case "forwarded" -> TrustedProxies.Header.FORWARDED;
                    default -> throw invalid(SkoposProperty.FORWARDED_HEADER,
                            "must be X-Forwarded-For or Forwarded, not '" + raw + "'");
                }).orElse(TrustedProxies.Header.X_FORWARDED_FOR);
        List<String> entries = value(SkoposProperty.TRUSTED_PROXIES).stream()
                .flatMap(raw -> Arrays.stream(raw.split(",")))
                .map(String::trim).filter(entry -> !entry.isEmpty()).toList();
        try {
            return TrustedProxies.of(entries, header);
        } catch (IllegalArgumentException e) {
            throw invalid(SkoposProperty.TRUSTED_PROXIES, e.getMessage());
        }
    }

    private Optional<String> value(SkoposProperty property) {
        return lookup.apply(property.key()).map(String::trim).filter(v -> !v.isEmpty());
    }

    private String required(SkoposProperty property) {
        return value(property).orElseThrow(() -> invalid(property, "is required but not set"));
    }

    private URI pocketBaseUrl() {
        String raw = required(SkoposProperty.POCKETBASE_URL);
        try {
            URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below with the property name
        }
        throw invalid(SkoposProperty.POCKETBASE_URL, "must be an absolute http(s) URL such as http://127.0.0.1:8090");
    }

    private boolean flag(SkoposProperty property, boolean defaultValue) {
        return value(property).map(raw -> switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(property, "must be true or false, not '" + raw + "'");
        }).orElse(defaultValue);
    }

    private int positiveInt(SkoposProperty property, int defaultValue) {
        return value(property).map(raw -> {
            try {
                int parsed = Integer.parseInt(raw);
                if (parsed > 0) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below with the property name
            }
            throw invalid(property, "must be a positive whole number, not '" + raw + "'");
        }).orElse(defaultValue);
    }

    /** Bytes as a plain number, or with a unit: {@code 64MB}, {@code 512KB}, {@code 1GB} (powers of 1024). */
    private long size(SkoposProperty property, long defaultValue, long minimum) {
        return value(property).map(raw -> {
            Matcher size = SIZE.matcher(raw);
            if (size.matches()) {
                try {
                    long bytes = Math.multiplyExact(Long.parseLong(size.group(1)), unit(size.group(2)));
                    if (bytes >= minimum) {
                        return bytes;
                    }
                } catch (ArithmeticException | NumberFormatException e) {
                    // reported below with the property name
                }
            }
            throw invalid(property, "must be a size of at least " + minimum / MB + "MB, such as 64MB, not '" + raw
                    + "'");
        }).orElse(defaultValue);
    }

    private static long unit(String unit) {
        return switch (unit == null ? "B" : unit.toUpperCase(Locale.ROOT)) {
            case "KB" -> 1024;
            case "MB" -> MB;
            case "GB" -> 1024 * MB;
            default -> 1;
        };
    }

    /** Milliseconds as a plain number, or an ISO-8601 duration such as {@code PT10S}. */
    private Duration duration(SkoposProperty property, Duration defaultValue) {
        return value(property).map(raw -> {
            try {
                Duration parsed = raw.chars().allMatch(Character::isDigit)
                        ? Duration.ofMillis(Long.parseLong(raw))
                        : Duration.parse(raw);
                if (!parsed.isNegative() && !parsed.isZero()) {
                    return parsed;
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                // reported below with the property name
            }
            throw invalid(property, "must be a positive duration in milliseconds (10000) or ISO-8601 (PT10S), not '"
                    + raw + "'");
        }).orElse(defaultValue);
    }

    /** One path, or several separated by commas (DB-IP publishes IPv4 and IPv6 in separate files). */
    private List<Path> readableFiles(SkoposProperty property) {
        return value(property).map(raw -> Arrays.stream(raw.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .map(name -> {
                    try {
                        Path path = Path.of(name);
                        if (Files.isRegularFile(path) && Files.isReadable(path)) {
                            return path;
                        }
                    } catch (InvalidPathException e) {
                        // reported below with the property name
                    }
                    throw invalid(property, "names '" + name + "', which is not a readable file");
                }).toList()).orElse(List.of());
    }

    private static InvalidConfigurationException invalid(SkoposProperty property, String problem) {
        return new InvalidConfigurationException(property, problem);
    }
}
