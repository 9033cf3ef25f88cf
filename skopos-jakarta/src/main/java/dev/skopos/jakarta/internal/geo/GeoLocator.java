package dev.skopos.jakarta.internal.geo;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/** Finds a visitor's country and state from the client address, locally and without blocking on I/O. */
public interface GeoLocator extends AutoCloseable {
    /** Without a database every visitor is {@link Location#UNKNOWN}. */
    GeoLocator NONE = address -> Location.UNKNOWN;

    /** How many addresses keep their location in memory. */
    int CACHED_ADDRESSES = 10_000;

    /** The location of {@code address}; {@link Location#UNKNOWN} when the databases do not know it. */
    Location locate(InetAddress address);

    @Override
    default void close() {
    }

    /**
     * A locator reading these MaxMind DB files (the first that knows an address answers), behind a bounded
     * cache; {@link #NONE} when the list is empty.
     *
     * @throws UnreadableDatabaseException when a file is not a MaxMind DB
     */
    static GeoLocator of(List<Path> databases) {
        return databases.isEmpty() ? NONE : new CachingGeoLocator(MmdbGeoLocator.open(databases), CACHED_ADDRESSES);
    }
}
