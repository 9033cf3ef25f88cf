package dev.skopos.jakarta.internal.geo;

import dev.skopos.jakarta.internal.support.BoundedCache;

import java.net.InetAddress;

/** Remembers the locations of the most recently seen addresses, so a returning visitor costs no lookup. */
final class CachingGeoLocator implements GeoLocator {
    private final GeoLocator lookups;
    private final BoundedCache<InetAddress, Location> recent;

    CachingGeoLocator(GeoLocator lookups, int capacity) {
        this.lookups = lookups;
        this.recent = new BoundedCache<>(capacity);
    }

    @Override
    public Location locate(InetAddress address) {
        return recent.computeIfAbsent(address, lookups::locate);
    }

    @Override
    public void close() {
        lookups.close();
    }
}
