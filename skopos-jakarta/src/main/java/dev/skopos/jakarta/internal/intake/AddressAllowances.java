package dev.skopos.jakarta.internal.intake;

import java.security.SecureRandom;

/**
 * Each client's allowance of browser events per minute, in a fixed table that never forgets and never grows:
 * a client is hashed (under a key drawn at start, so that nobody can choose which clients share) to one cell in
 * each of two halves of the table, and is refused only when both of its cells are spent. Cycling through new
 * addresses therefore finds cells as spent as their last users left them, never a fresh allowance; a client
 * that happens to share one cell with a flooder still has its other one. Each cell holds one minute's
 * allowance as a burst, refilled at the rate (see {@link RateCells}).
 */
final class AddressAllowances {
    /** The heap one cell takes. */
    static final long BYTES_PER_CELL = Long.BYTES;
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    private final RateCells cells;
    private final int halfMask;
    private final long tolerance;
    private final long seed;

    /**
     * @param perMinute events a client may send a minute, and at once
     * @param cells     cells in the table, a power of two of at least 2
     */
    AddressAllowances(int perMinute, int cells) {
        this(perMinute, cells, new SecureRandom().nextLong());
    }

    AddressAllowances(int perMinute, int cells, long seed) {
        if (Integer.bitCount(cells) != 1 || cells < 2) {
            throw new IllegalArgumentException("cells must be a power of two, not " + cells);
        }
        this.cells = new RateCells(cells, NANOS_PER_MINUTE / perMinute);
        this.halfMask = cells / 2 - 1;
        this.tolerance = this.cells.toleranceFor(perMinute);
        this.seed = seed;
    }

    /** Takes one event of {@code client}'s allowance at {@code nanos}; false when it has none left. */
    boolean tryTake(ClientKey client, long nanos) {
        long hash = client.hash(seed);
        int first = (int) hash & halfMask;
        int second = halfMask + 1 + ((int) (hash >>> 32) & halfMask);
        // both are charged when both have room, so a flooder spends both of its cells
        return cells.take(first, nanos, tolerance) | cells.take(second, nanos, tolerance);
    }
}
