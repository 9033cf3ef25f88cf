package dev.skopos.jakarta.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version this library writes into {@code websites.sdkVersion}. */
public final class SdkVersion {
    private static final String VALUE = "skopos-jakarta/" + load();

    private SdkVersion() {
    }

    public static String value() {
        return VALUE;
    }

    private static String load() {
        try (InputStream in = SdkVersion.class.getResourceAsStream("/dev/skopos/jakarta/skopos-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
