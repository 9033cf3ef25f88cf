package dev.skopos.jakarta.internal.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version this library writes into {@code websites.sdkVersion}: the release part of its Maven version,
 * {@code MAJOR.MINOR.PATCH} and nothing else, because the dashboard compares it number by number with the
 * latest Skopos SDK release and reads anything else (a name prefix, {@code -SNAPSHOT}) as zeros.
 */
public final class SdkVersion {
    private static final Pattern RELEASE = Pattern.compile("^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");
    private static final String VALUE = release(load());

    private SdkVersion() {
    }

    public static String value() {
        return VALUE;
    }

    /** {@code 1.2.3} from {@code 1.2.3-SNAPSHOT}, {@code 1.2.0} from {@code 1.2}; {@code 0.0.0} if unreadable. */
    static String release(String mavenVersion) {
        Matcher parts = RELEASE.matcher(mavenVersion);
        if (!parts.find()) {
            return "0.0.0";
        }
        return parts.group(1) + "." + orZero(parts.group(2)) + "." + orZero(parts.group(3));
    }

    private static String orZero(String part) {
        return part == null ? "0" : part;
    }

    private static String load() {
        try (InputStream in = SdkVersion.class.getResourceAsStream("/dev/skopos/jakarta/skopos-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
