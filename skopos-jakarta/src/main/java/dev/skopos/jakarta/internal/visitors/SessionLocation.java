package dev.skopos.jakarta.internal.visitors;

import dev.skopos.jakarta.internal.geo.Location;

import java.util.function.Supplier;

/**
 * A new session's location, looked up when the writer first needs it rather than on the request thread, where
 * the session registry's lock is held: a lookup in a memory-mapped database can take microseconds, and far
 * longer while its pages are still cold. Looked up once, so the session record and the summary agree.
 */
public final class SessionLocation {
    private Supplier<Location> lookup;
    private Location location;

    public SessionLocation(Supplier<Location> lookup) {
        this.lookup = lookup;
    }

    public synchronized Location get() {
        if (location == null) {
            location = lookup.get();
            lookup = null;
        }
        return location;
    }
}
