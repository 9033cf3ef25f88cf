package dev.skopos.jakarta.internal.intake;

/**
 * The most browser events the whole site takes per second, with a burst of one second's worth. Established
 * clients may use all of it; newcomers only the first half of the burst, so that a flood of new addresses,
 * which is what rotating through addresses looks like, leaves the other half to the site's regular visitors.
 * Thread-safe.
 */
final class SiteCeiling {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final RateCells cell;
    private final long establishedTolerance;
    private final long newcomerTolerance;

    SiteCeiling(int perSecond) {
        this.cell = new RateCells(1, NANOS_PER_SECOND / perSecond);
        this.establishedTolerance = cell.toleranceFor(perSecond);
        this.newcomerTolerance = establishedTolerance / 2;
    }

    /** Takes one event at {@code nanos} if the site has room for it, for an established client or a newcomer. */
    boolean tryTake(boolean established, long nanos) {
        return cell.take(0, nanos, established ? establishedTolerance : newcomerTolerance);
    }
}
