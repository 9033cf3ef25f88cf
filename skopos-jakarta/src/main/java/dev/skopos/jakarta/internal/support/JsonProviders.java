package dev.skopos.jakarta.internal.support;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider the tracker builds and reads JSON with, looked up once. Each of {@code Json}'s static
 * {@code create*} methods looks the provider up again through the service loader, which costs far more than
 * building a small record and is paid several times per event.
 */
public final class JsonProviders {
    /** The runtime's provider, found as {@code jakarta.json.Json} finds it. */
    public static final JsonProvider JSON = JsonProvider.provider();

    private JsonProviders() {
    }
}
