package dev.skopos.jakarta.internal.intake;

import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.delivery.DeliveryCounts;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What is turned away before a browser event's body is read, cheapest first: a client over its allowance, the
 * site over its ceiling, browsers that ask not to be tracked (with {@code skopos.respect-gpc}), and requests
 * whose headers mark them as automated. Counts each refusal by reason. Its tables are fixed at start, sized from
 * the memory budget ({@link #bytes()}).
 */
public final class IntakeGate {
    private static final Logger LOG = Logger.getLogger(IntakeGate.class.getName());
    /** The share of the memory budget each of the client tables takes. */
    private static final int TABLE_SHARE_OF_BUDGET = 64;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** What the allowance of requests without an address is kept under, in a table of its own. */
    private static final ClientKey NO_ADDRESS = new ClientKey(0, 0);

    private final boolean respectOptOut;
    private final RateLimits limits;
    private final Optional<AddressAllowances> allowances;
    /** All requests without a usable address share this one allowance, apart from everyone else's. */
    private final Optional<AddressAllowances> addressless;
    private final Optional<SiteCeiling> ceiling;
    private final Optional<KnownClients> knownClients;
    private final BooleanSupplier memoryNearlyFull;
    private final UserAgentAnalyzer agents;
    private final BotDetector bots = new BotDetector();
    private final DeliveryCounts deliveryCounts;
    private final long bytes;
    private final AtomicBoolean limitReported = new AtomicBoolean();
    private final AtomicBoolean addresslessReported = new AtomicBoolean();
    private final AtomicBoolean ceilingReported = new AtomicBoolean();

    /**
     * @param memoryBudget     the budget the tables are sized from
     * @param memoryNearlyFull whether new clients should wait: the budget is nearly spent
     */
    public IntakeGate(RateLimits limits, boolean respectOptOut, DeliveryCounts deliveryCounts, long memoryBudget,
                      BooleanSupplier memoryNearlyFull, UserAgentAnalyzer agents) {
        this.respectOptOut = respectOptOut;
        this.limits = limits;
        int allowanceCells = powerOfTwoAtMost(memoryBudget / TABLE_SHARE_OF_BUDGET / AddressAllowances.BYTES_PER_CELL);
        int clientSlots = powerOfTwoAtMost(memoryBudget / TABLE_SHARE_OF_BUDGET / KnownClients.BYTES_PER_SLOT);
        boolean perAddress = limits.perAddressPerMinute() > 0;
        boolean site = limits.sitePerSecond() > 0;
        this.allowances = perAddress ? Optional.of(new AddressAllowances(limits.perAddressPerMinute(),
                allowanceCells)) : Optional.empty();
        // the smallest table: its two cells both belong to the one key
        this.addressless = perAddress ? Optional.of(new AddressAllowances(limits.perAddressPerMinute(), 2))
                : Optional.empty();
        this.ceiling = site ? Optional.of(new SiteCeiling(limits.sitePerSecond())) : Optional.empty();
        this.knownClients = site ? Optional.of(new KnownClients(clientSlots)) : Optional.empty();
        this.bytes = (perAddress ? allowanceCells * AddressAllowances.BYTES_PER_CELL : 0)
                + (site ? clientSlots * KnownClients.BYTES_PER_SLOT : 0);
        this.memoryNearlyFull = memoryNearlyFull;
        this.agents = agents;
        this.deliveryCounts = deliveryCounts;
    }

    private static int powerOfTwoAtMost(long count) {
        return Integer.highestOneBit((int) Math.min(Integer.MAX_VALUE, Math.max(4, count)));
    }

    /** The memory the gate's tables hold, whatever passes. */
    public long bytes() {
        return bytes;
    }

    /** Whether a browser event of {@code request} may have its body read; counts it when not. */
    public boolean admitsBrowserEvent(RequestInfo request, Instant now) {
        long nanos = now.getEpochSecond() * NANOS_PER_SECOND + now.getNano();
        Optional<ClientKey> client = request.clientIp()
                .flatMap(ip -> ClientKey.of(ip, limits.ipv6PrefixLength()));
        if (client.isEmpty()) {
            if (!addressless.map(allowance -> allowance.tryTake(NO_ADDRESS, nanos)).orElse(true)) {
                return refused(DropReason.NO_ADDRESS_LIMITED, addresslessReported, () -> "Skopos dropped events of"
                        + " requests without a usable client address over skopos.rate-limit; if your server sits"
                        + " behind a reverse proxy, list it in skopos.trusted-proxies");
            }
        } else if (!allowances.map(allowance -> allowance.tryTake(client.get(), nanos)).orElse(true)) {
            // the address in canonical form: nothing the client wrote but an address
            return refused(DropReason.RATE_LIMITED, limitReported, () -> "Skopos dropped events over"
                    + " skopos.rate-limit from " + request.clientIp().orElseThrow() + "; if that is your reverse"
                    + " proxy, list it in skopos.trusted-proxies");
        } else if (ceiling.isPresent() && !withinCeiling(client.get(), now.getEpochSecond(), nanos)) {
            return refused(DropReason.SITE_LIMITED, ceilingReported, () -> "Skopos dropped events over"
                    + " skopos.site-rate-limit; clients it has known for a while go first");
        }
        if (!admitsTracking(request)) {
            return false;
        }
        if (bots.isBot(request, request.userAgent().map(agents::analyze).orElse(UserAgentAnalyzer.NO_AGENT))) {
            deliveryCounts.dropped(DropReason.FILTERED);
            return false;
        }
        return true;
    }

    /** Newcomers wait while the budget is nearly full, so that what is left goes to the site's regular visitors. */
    private boolean withinCeiling(ClientKey client, long second, long nanos) {
        boolean established = knownClients.orElseThrow().seen(client, second);
        return (established || !memoryNearlyFull.getAsBoolean()) && ceiling.orElseThrow().tryTake(established, nanos);
    }

    /** Counts a refusal; the first of its kind loudly: refusals of a whole site usually mean a setting to fix. */
    private boolean refused(DropReason reason, AtomicBoolean reported, Supplier<String> message) {
        deliveryCounts.dropped(reason);
        LOG.log(reported.compareAndSet(false, true) ? Level.WARNING : Level.FINE, message);
        return false;
    }

    /** Whether anything may be tracked for {@code request}'s visitor; counts it when not. */
    public boolean admitsTracking(RequestInfo request) {
        if (respectOptOut && (optsOut(request, "sec-gpc") || optsOut(request, "dnt"))) {
            deliveryCounts.dropped(DropReason.OPTED_OUT);
            return false;
        }
        return true;
    }

    private static boolean optsOut(RequestInfo request, String header) {
        return request.header(header).map(String::trim).filter("1"::equals).isPresent();
    }
}
