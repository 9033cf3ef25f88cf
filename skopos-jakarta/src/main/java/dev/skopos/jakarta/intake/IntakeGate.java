package dev.skopos.jakarta.intake;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.config.Safeguards;
import dev.skopos.jakarta.delivery.DeliveryLedger;
import dev.skopos.jakarta.delivery.DropReason;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What is turned away before an event is even parsed: browsers that ask not to be tracked (when
 * {@code skopos.respect-gpc} is on) and addresses over the rate limit. Counts each drop by reason.
 */
public final class IntakeGate {
    private static final Logger LOG = Logger.getLogger(IntakeGate.class.getName());

    /** The most the rate limit holds in memory per address it remembers. */
    public static final long BYTES_PER_RATE_LIMITED_ADDRESS = RateLimiter.BYTES_PER_ADDRESS;

    private final boolean respectOptOut;
    private final RateLimiter limiter;
    private final DeliveryLedger ledger;
    private final AtomicBoolean limitReported = new AtomicBoolean();

    /** @param rateLimitedAddresses how many client addresses the rate limit remembers at most */
    public IntakeGate(Safeguards safeguards, DeliveryLedger ledger, int rateLimitedAddresses) {
        this.respectOptOut = safeguards.respectOptOut();
        this.limiter = new RateLimiter(safeguards.rateLimitPerMinute(), rateLimitedAddresses);
        this.ledger = ledger;
    }

    /** Whether a browser event of {@code request} goes on; counts it when not. */
    public boolean admitsBrowserEvent(RequestInfo request, Instant now) {
        if (!admitsTracking(request)) {
            return false;
        }
        if (limiter.tryAcquire(request.clientIp(), now)) {
            return true;
        }
        ledger.dropped(DropReason.RATE_LIMITED);
        // the first time loudly: a whole site over the limit usually means a reverse proxy that is not trusted
        Level level = limitReported.compareAndSet(false, true) ? Level.WARNING : Level.FINE;
        LOG.log(level, () -> "Skopos dropped events over skopos.rate-limit from " + request.clientIp().orElse("?")
                + "; if that is your reverse proxy, list it in skopos.trusted-proxies");
        return false;
    }

    /** Whether anything may be tracked for {@code request}'s visitor; counts it when not. */
    public boolean admitsTracking(RequestInfo request) {
        if (respectOptOut && (optsOut(request, "sec-gpc") || optsOut(request, "dnt"))) {
            ledger.dropped(DropReason.OPTED_OUT);
            return false;
        }
        return true;
    }

    private static boolean optsOut(RequestInfo request, String header) {
        return request.header(header).map(String::trim).filter("1"::equals).isPresent();
    }
}
