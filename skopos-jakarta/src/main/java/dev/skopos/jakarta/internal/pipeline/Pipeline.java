package dev.skopos.jakarta.internal.pipeline;

import dev.skopos.jakarta.Delivery;
import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.FlushResult;
import dev.skopos.jakarta.InvalidEventException;
import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.budget.Admission;
import dev.skopos.jakarta.internal.budget.MemoryBudget;
import dev.skopos.jakarta.internal.cluster.SharedMap;
import dev.skopos.jakarta.internal.cluster.SharedState;
import dev.skopos.jakarta.internal.cluster.SharedStateHealth;
import dev.skopos.jakarta.internal.cluster.WriterLease;
import dev.skopos.jakarta.internal.config.Safeguards;
import dev.skopos.jakarta.internal.config.SkoposConfig;
import dev.skopos.jakarta.internal.delivery.DeliveryCounts;
import dev.skopos.jakarta.internal.geo.GeoLocator;
import dev.skopos.jakarta.internal.geo.Location;
import dev.skopos.jakarta.internal.intake.EventType;
import dev.skopos.jakarta.internal.intake.IdentifyFields;
import dev.skopos.jakarta.internal.intake.IntakeGate;
import dev.skopos.jakarta.internal.intake.JsonValues;
import dev.skopos.jakarta.internal.intake.PayloadValidator;
import dev.skopos.jakarta.internal.intake.TrackedEvent;
import dev.skopos.jakarta.internal.intake.TrafficFilter;
import dev.skopos.jakarta.internal.intake.UserAgentAnalyzer;
import dev.skopos.jakarta.internal.intake.UserAgentInfo;
import dev.skopos.jakarta.internal.net.IpLiteral;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.pocketbase.RecordIds;
import dev.skopos.jakarta.internal.queue.Confirmations;
import dev.skopos.jakarta.internal.queue.Flusher;
import dev.skopos.jakarta.internal.queue.JsErrorBuffer;
import dev.skopos.jakarta.internal.spool.ConfirmingSummaryWriter;
import dev.skopos.jakarta.internal.spool.Spool;
import dev.skopos.jakarta.internal.spool.SpoolEntry;
import dev.skopos.jakarta.internal.store.BatchWrites;
import dev.skopos.jakarta.internal.store.DayWrites;
import dev.skopos.jakarta.internal.store.JsErrorWriter;
import dev.skopos.jakarta.internal.store.LocalJsErrorRecords;
import dev.skopos.jakarta.internal.store.PendingWrite;
import dev.skopos.jakarta.internal.store.RecordStore;
import dev.skopos.jakarta.internal.store.Records;
import dev.skopos.jakarta.internal.store.SharedJsErrorRecords;
import dev.skopos.jakarta.internal.store.SharedSummaryRecords;
import dev.skopos.jakarta.internal.store.SummaryRecords;
import dev.skopos.jakarta.internal.store.SummaryWriter;
import dev.skopos.jakarta.internal.summary.DailySummaries;
import dev.skopos.jakarta.internal.visitors.Footprint;
import dev.skopos.jakarta.internal.visitors.LiveSession;
import dev.skopos.jakarta.internal.visitors.SessionStates;
import dev.skopos.jakarta.internal.visitors.SessionLocation;
import dev.skopos.jakarta.internal.visitors.SessionRegistry;
import dev.skopos.jakarta.internal.visitors.SessionStart;
import dev.skopos.jakarta.internal.visitors.SessionInSummary;
import dev.skopos.jakarta.internal.visitors.SharedSessionStates;
import dev.skopos.jakarta.internal.visitors.SharedVisits;
import dev.skopos.jakarta.internal.website.WebsiteSettings;
import jakarta.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The tracker's pipeline in plain Java: validates and filters events, identifies visitors, keeps their sessions
 * and hands records to the {@link Flusher}. Every public method returns without waiting for PocketBase, except
 * {@link #flush(Duration)} and {@link #drain(Duration)}, which exist to wait.
 */
public final class Pipeline {
    private static final Logger LOG = Logger.getLogger(Pipeline.class.getName());
    /** Server events outside any request belong to this visitor: no IP, no user agent. */
    private static final RequestInfo SERVER = new RequestInfo(Optional.empty(), Optional.empty(), Map.of(), "/",
            Optional.empty(), Optional.empty());
    static final int VISITOR_CACHE = 10_000;
    private static final int DISTINCT_JS_ERRORS = 10_000;
    /**
     * What the count-bounded caches (visitor record ids, JS error counts, parsed user agents, located
     * addresses) can hold at most, taken from the memory budget up front so that the budget covers them too.
     */
    private static final long CACHES_BYTES = VISITOR_CACHE * 400L + DISTINCT_JS_ERRORS * 300L
            + UserAgentAnalyzer.MAX_CACHED_BYTES + GeoLocator.CACHED_ADDRESSES * 300L;
    private static final Duration SESSION_SWEEP = Duration.ofMinutes(1);
    /** What {@link #spooled} returns when the spool's disk budget is used up. */
    private static final long SPOOL_FULL = -2;
    /** How often the daily summary gains are added to PocketBase. */
    private static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(5);
    /** How long an instance that stopped renewing its lease as the summary writer keeps it. */
    private static final Duration SUMMARY_WRITER_TERM = SUMMARY_INTERVAL.multipliedBy(3);

    private final SkoposConfig config;
    private final Supplier<Optional<WebsiteSettings>> website;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final GeoLocator geo;
    private final PayloadValidator validator = new PayloadValidator();
    private final TrafficFilter filter = new TrafficFilter();
    private final DeliveryCounts deliveryCounts = new DeliveryCounts();
    private final BatchWrites batches = new BatchWrites(BatchWrites.DEFAULT_SIZE);
    private final IntakeGate gate;
    private final UserAgentAnalyzer agents = new UserAgentAnalyzer();
    private final SessionRegistry sessions;
    private final MemoryBudget memory;
    private final JsErrorBuffer jsErrors;
    private final DailySummaries gains;
    private final SummaryWriter summaries;
    private final JsErrorWriter jsErrorWriter;
    private final SharedStateHealth sharedHealth = new SharedStateHealth();
    private final boolean sharedOpened;
    private final Flusher flusher;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private final TrackingCalls calls = new TrackingCalls();
    private final AtomicBoolean refusalLogged = new AtomicBoolean();
    private final WaitingForWebsite waiting;
    private final SessionStates sessionStates;
    /** The durable spool, when {@code skopos.spool-directory} is set. */
    private final Optional<Spool> spool;

    /** @param shared the state several instances share, if they do */
    public Pipeline(SkoposConfig config, RecordStore store, Supplier<Optional<WebsiteSettings>> website,
                    ScheduledExecutorService scheduler, Clock clock, GeoLocator geo, Optional<SharedMap> shared) {
        this.config = config;
        this.sharedOpened = shared.isPresent();
        this.geo = geo;
        this.website = website;
        this.scheduler = scheduler;
        this.clock = clock;
        this.memory = new MemoryBudget(config.memoryBudget());
        this.waiting = new WaitingForWebsite(memory);
        Safeguards safeguards = config.safeguards();
        this.gate = new IntakeGate(safeguards.rateLimits(), safeguards.respectOptOut(), deliveryCounts,
                config.memoryBudget(), memory::nearlyFull, agents);
        memory.reserve(CACHES_BYTES + gate.bytes());
        this.jsErrors = new JsErrorBuffer(DISTINCT_JS_ERRORS, memory);
        this.gains = new DailySummaries(bytes -> {
            if (bytes >= 0) {
                memory.take(bytes);
            } else {
                memory.give(-bytes);
            }
        });
        this.spool = config.spool().map(settings -> Spool.open(settings, this::locate, this::spooledState,
                scheduler));
        spool.ifPresent(opened -> gains.takeThrough(opened::takingGains));
        Supplier<String> websiteId = () -> website.get().orElseThrow().id();
        String keyPrefix = "skopos:" + config.siteId() + ":";
        SummaryWriter summaryWriter = shared.<SummaryWriter>map(map -> new SharedSummaryRecords(store, websiteId,
                        gains, map, keyPrefix + "summaries", new WriterLease(map, keyPrefix + "summary-writer",
                        RecordIds.random(), SUMMARY_WRITER_TERM, clock), sharedHealth, clock))
                .orElseGet(() -> new SummaryRecords(store, websiteId, gains,
                        spool.<DayWrites>map(opened -> opened).orElse(DayWrites.NONE)));
        this.summaries = spool.<SummaryWriter>map(opened -> new ConfirmingSummaryWriter(summaryWriter, opened))
                .orElse(summaryWriter);
        Optional<SharedVisits> visits = shared.map(map -> new SharedVisits(map, keyPrefix + "visit:",
                config.sessionTimeout(), clock, sharedHealth, scheduler));
        this.sessionStates = visits.<SessionStates>map(SharedSessionStates::new).orElseGet(SessionStates::local);
        Records records = new Records(store, batches, sessionStates, VISITOR_CACHE, DISTINCT_JS_ERRORS);
        JsErrorWriter ownErrors = new LocalJsErrorRecords(records);
        this.jsErrorWriter = shared.<JsErrorWriter>map(map -> new SharedJsErrorRecords(store, ownErrors, map,
                        keyPrefix + "js-errors", new WriterLease(map, keyPrefix + "js-error-writer",
                        RecordIds.random(), jsErrorWriterTerm(config.jsErrorBatchInterval()), clock), sharedHealth,
                        clock))
                .orElse(ownErrors);
        this.flusher = new Flusher(records, jsErrorWriter, summaries, gains, sessionStates, jsErrors, scheduler,
                memory, deliveryCounts, config.writeConcurrency(), config.maxBatchSize(), config.batch(),
                config.batchInterval(), spool.<Confirmations>map(opened -> opened).orElse(Confirmations.NONE));
        this.sessions = new SessionRegistry(config.sessionTimeout(), memory,
                ended -> flusher.enqueue(new PendingWrite.SessionEnd(ended, spool.map(opened -> opened.ended(
                        new SpoolEntry.SessionEnd(ended.recordId(), ended.start().visitorId())))
                        .orElse(PendingWrite.NOT_SPOOLED))), visits);
        spool.ifPresent(opened -> new SpoolReplay(opened, sessions, sessionStates, records, flusher, jsErrors,
                deliveryCounts, this::waitAgain).run());
    }

    /** An open session as the spool records it once PocketBase confirmed its records. */
    private SpoolEntry.SessionState spooledState(LiveSession session) {
        SessionInSummary inSummary = sessionStates.changeInSummary(session, UnaryOperator.identity()).after();
        LiveSession.Snapshot now = session.snapshot();
        return new SpoolEntry.SessionState(new SpoolEntry.SessionOrigin(session.recordId(), session.start(),
                session.startedAt(), Optional.empty(), Optional.of(session.start().location().get())),
                session.lastSeen(), now.exitPath(), now.eventsRecorded(), session.isStored(), session.newVisitor(),
                inSummary);
    }

    /**
     * Appends what a tracking call accepted to the spool, if it is on: its sequence number there,
     * {@link PendingWrite#NOT_SPOOLED} without a spool, or {@link #SPOOL_FULL}.
     */
    private long spooled(Supplier<SpoolEntry> entry) {
        return spool.map(opened -> {
            long seq = opened.accepted(entry.get());
            return seq < 0 ? SPOOL_FULL : seq;
        }).orElse(PendingWrite.NOT_SPOOLED);
    }

    /** An entry spooled and then not queued after all: the spool gives it up. */
    private void withdraw(long seq) {
        if (seq >= 0) {
            spool.orElseThrow().withdrawn(seq);
        }
    }

    /**
     * How long an instance that stopped renewing its lease as the JS error writer keeps it: as long as the
     * summary writer's, and at least three JS error flushes, since the holder renews it at each of its flushes.
     */
    private static Duration jsErrorWriterTerm(Duration flushInterval) {
        Duration threeFlushes = flushInterval.multipliedBy(3);
        return threeFlushes.compareTo(SUMMARY_WRITER_TERM) > 0 ? threeFlushes : SUMMARY_WRITER_TERM;
    }

    /** Starts the periodic flushes and the session sweep. */
    public synchronized void start() {
        if (config.batch()) {
            every(config.batchInterval(), flusher::requestFlush);
        }
        every(config.jsErrorBatchInterval(), flusher::requestErrorFlush);
        every(SUMMARY_INTERVAL, flusher::requestSummaryFlush);
        every(SESSION_SWEEP, this::sweepSessions);
    }

    /** Ends the sessions idle past the timeout, so their exit pages count. */
    public void sweepSessions() {
        sessions.sweep(clock.instant());
    }

    private void every(Duration period, Runnable task) {
        timers.add(scheduler.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * A payload from the browser script. Returns whether it was accepted; a refused one is counted, logged at
     * FINE with the reason, and leaves no trace.
     */
    public boolean trackBrowserEvent(RequestInfo request, JsonObject payload) {
        return admitsBrowserEvent(request) && trackAdmittedBrowserEvent(request, payload);
    }

    /**
     * The checks that need no body, cheapest first (see {@link IntakeGate}): whether a browser event of
     * {@code request} is worth reading. A refusal is counted.
     */
    public boolean admitsBrowserEvent(RequestInfo request) {
        return duringCall(() -> gate.admitsBrowserEvent(request, clock.instant()));
    }

    /** A payload from the browser script whose request {@link #admitsBrowserEvent admitted} it. */
    public boolean trackAdmittedBrowserEvent(RequestInfo request, JsonObject payload) {
        return duringCall(() -> {
            TrackedEvent event;
            try {
                event = validator.validate(payload);
            } catch (InvalidEventException e) {
                return dropped(DropReason.INVALID, "invalid payload: " + e.getMessage());
            }
            return accept(request, event, true);
        });
    }

    /** Counts a browser request whose body was refused before it could be read as an event. */
    public void refusedBody(DropReason reason) {
        dropped(reason, "body refused");
    }

    /**
     * A custom event raised by server code, for the visitor of {@code request} or, without one, the server
     * visitor.
     *
     * @throws InvalidEventException when the name is empty or too long, or the data is not a small JSON object
     */
    public boolean trackServerEvent(Optional<RequestInfo> request, String name, Map<String, ?> customData) {
        return duringCall(() -> {
            JsonObject data = PayloadValidator.checkedCustomData(JsonValues.object(customData));
            RequestInfo origin = request.orElse(SERVER);
            if (!gate.admitsTracking(origin)) {
                return false;
            }
            TrackedEvent event = new TrackedEvent(EventType.CUSTOM, PayloadValidator.customName(name), "", "",
                    origin.path(), origin.referrer().orElse(""), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.of(data).filter(d -> !d.isEmpty()), "", "");
            return accept(origin, event, false);
        });
    }

    /**
     * Links the visitor of {@code request} (or the server visitor) to an account.
     *
     * @throws InvalidEventException when any field is invalid; nothing is written then
     */
    public boolean identify(Optional<RequestInfo> request, String userId, Map<String, ?> data) {
        return duringCall(() -> {
            JsonObject fields = IdentifyFields.of(userId, data);
            RequestInfo origin = request.orElse(SERVER);
            if (!gate.admitsTracking(origin)) {
                return false;
            }
            String visitorId = config.safeguards().visitorIds().of(config.siteId(), origin, clock.instant());
            return withWebsite(() -> WaitingForWebsite.footprint(origin) + identifyBytes(visitorId, fields),
                    () -> new SpoolEntry.EarlyIdentify(visitorId, fields),
                    (site, admission, early) -> identify(site, visitorId, fields, admission, early));
        });
    }

    private static long identifyBytes(String visitorId, JsonObject fields) {
        return Footprint.of(visitorId) + Footprint.ofJson(Optional.of(fields));
    }

    /** @param early the spool entry the call was kept under while the website was not known, if any */
    private boolean identify(WebsiteSettings site, String visitorId, JsonObject fields, Admission admission,
                             long early) {
        long seq = spooled(() -> new SpoolEntry.Identify(site.id(), visitorId, fields, early));
        if (seq == SPOOL_FULL) {
            withdraw(early);
            return droppedSpoolFull();
        }
        if (flusher.enqueue(new PendingWrite.Identify(site.id(), visitorId, fields, seq), admission)) {
            return accepted(admission);
        }
        withdraw(seq);
        return droppedOverBudget();
    }

    /**
     * Runs a tracking call unless shutdown has begun; the drain waits for the calls under way, so that what they
     * accept is queued before its last writes.
     */
    private boolean duringCall(BooleanSupplier call) {
        if (!calls.enter()) {
            return refusedWhileStopping();
        }
        try {
            return call.getAsBoolean();
        } finally {
            calls.leave();
        }
    }

    private boolean accept(RequestInfo request, TrackedEvent event, boolean fromBrowser) {
        Instant receivedAt = clock.instant();
        return withWebsite(() -> earlyBytes(request, event),
                () -> new SpoolEntry.Early(request, event, receivedAt, fromBrowser),
                (site, admission, early) -> accept(site, request, event, fromBrowser, receivedAt, admission, early));
    }

    private static long earlyBytes(RequestInfo request, TrackedEvent event) {
        return WaitingForWebsite.footprint(request) + Footprint.of(event);
    }

    /** What a tracking call does once the website's settings are known. */
    @FunctionalInterface
    private interface WebsiteAction {
        /**
         * @param early the spool entry the call was kept under while they were not known, else
         *              {@link SpoolEntry#NOT_EARLY}: what the call spools now takes its place
         */
        boolean apply(WebsiteSettings site, Admission admission, long early);
    }

    /**
     * Runs {@code action} with the website's settings. Before they are first loaded, an event of {@code bytes}
     * (asked for only then, since it sums the request's headers) waits for {@link #websiteLoaded()}, charged to
     * the memory budget and accepted now, so that nothing accepted while PocketBase is still out of reach is
     * lost; its action then runs with {@link Admission#ACCEPTED}. With the spool on, the waiting event is spooled
     * as {@code early} gives it before the call returns, so that it outlives a crash before the website is known.
     */
    private boolean withWebsite(LongSupplier bytes, Supplier<SpoolEntry> early, WebsiteAction action) {
        return switch (waiting.keep(bytes, () -> spooledEarly(early)
                .map(seq -> site -> action.apply(site, Admission.ACCEPTED, seq)))) {
            case KEPT -> accepted(Admission.IF_ROOM);
            case NO_ROOM -> droppedOverBudget();
            case REFUSED -> droppedSpoolFull();
            case WEBSITE_KNOWN -> action.apply(website.get().orElseThrow(), Admission.IF_ROOM, SpoolEntry.NOT_EARLY);
        };
    }

    /** As {@link #spooled}: empty when the spool has no room, {@link SpoolEntry#NOT_EARLY} when it is off. */
    private Optional<Long> spooledEarly(Supplier<SpoolEntry> entry) {
        long seq = spooled(entry);
        return seq == SPOOL_FULL ? Optional.empty() : Optional.of(seq);
    }

    /**
     * An entry the spool replays that was accepted before the website's settings were loaded: it waits for them
     * again, and is processed as it would have been.
     */
    private void waitAgain(SpoolEntry entry, long seq) {
        WebsiteAction action;
        long bytes;
        if (entry instanceof SpoolEntry.Early early) {
            bytes = earlyBytes(early.request(), early.event());
            action = (site, admission, replaced) -> accept(site, early.request(), early.event(), early.fromBrowser(),
                    early.at(), admission, replaced);
        } else {
            SpoolEntry.EarlyIdentify identify = (SpoolEntry.EarlyIdentify) entry;
            bytes = identifyBytes(identify.visitorId(), identify.fields());
            action = (site, admission, replaced) -> identify(site, identify.visitorId(), identify.fields(),
                    admission, replaced);
        }
        if (!waiting.keepAccepted(bytes, site -> action.apply(site, Admission.ACCEPTED, seq))) {
            action.apply(website.get().orElseThrow(), Admission.ACCEPTED, seq);
        }
    }

    /** Counts a queued event as accepted now, unless it was when it came ({@link Admission#ACCEPTED}). */
    private boolean accepted(Admission admission) {
        if (admission == Admission.IF_ROOM) {
            deliveryCounts.accepted();
        }
        return true;
    }

    /**
     * Looks whether PocketBase keeps daily summaries at all; called once the website is known.
     *
     * @throws dev.skopos.jakarta.internal.pocketbase.PocketBaseException when PocketBase cannot tell
     */
    public void checkSummaryCollection(String websiteId) {
        summaries.checkCollection(websiteId);
    }

    /** Called once the website settings are first loaded: processes what arrived before, in order. */
    public void websiteLoaded() {
        waiting.handOn(website.get().orElseThrow());
    }

    /** @param early the spool entry the event was kept under while the website was not known, if any */
    private boolean accept(WebsiteSettings site, RequestInfo request, TrackedEvent event, boolean fromBrowser,
                           Instant now, Admission admission, long early) {
        Optional<String> dropReason = filter.dropReason(site, request);
        if (dropReason.isEmpty() && fromBrowser) {
            dropReason = filter.domainDropReason(site, event.host(), request);
        }
        if (dropReason.isPresent()) {
            // before the user agent is parsed: a flood from a blocked address costs no parse and no cache entry
            withdraw(early);
            return filtered(dropReason.get(), admission);
        }
        String visitorId = config.safeguards().visitorIds().of(config.siteId(), request, now);
        // the user agent is analysed for a new session only: a returning visitor's event keeps its session's
        LiveSession session = sessions.sessionFor(visitorId, event.path(), now, Footprint.of(event), admission,
                () -> new SessionStart(site.id(), visitorId, agentOf(request), event.screenWidth(),
                        event.screenHeight(), event.language(), event.path(), event.referrer(),
                        site.storeRawIp() ? request.clientIp() : Optional.empty(), locate(request.clientIp())));
        if (session == null) {
            withdraw(early);
            return droppedOverBudget();
        }
        String recordId = RecordIds.random();
        long seq = spooled(() -> new SpoolEntry.Event(new SpoolEntry.SessionOrigin(session.recordId(),
                session.start(), session.startedAt(), request.clientIp(), Optional.empty()), event, now, recordId,
                site.discardShortSessions(), early));
        if (seq == SPOOL_FULL) {
            withdraw(early);
            return droppedSpoolFull();
        }
        PendingWrite.Event pending = new PendingWrite.Event(session, event, now, recordId,
                site.discardShortSessions(), seq);
        // a JS error waits, merged, in the error buffer and counts for its session through the queue: both or neither
        boolean queued = event.type() == EventType.JS_ERROR
                ? jsErrors.add(site.id(), session, event, now, admission, seq,
                        () -> flusher.enqueue(pending, admission))
                : flusher.enqueue(pending, admission);
        if (!queued) {
            withdraw(seq);
            return droppedOverBudget();
        }
        session.record(event.path(), now);
        flusher.sessionActive(session);
        return accepted(admission);
    }

    /**
     * An event the website's settings (or the bot check) turn away; one accepted before they were loaded is
     * given up, and counted so.
     */
    private boolean filtered(String reason, Admission admission) {
        return dropped(admission == Admission.ACCEPTED ? DropReason.FILTERED_AFTER_LOAD : DropReason.FILTERED, reason);
    }

    /**
     * Events that arrive once shutdown has begun would be queued after the drain and lost, or meet a stopped
     * executor: they are refused without an exception, and said once.
     */
    private boolean refusedWhileStopping() {
        if (refusalLogged.compareAndSet(false, true)) {
            LOG.info("Skopos is stopping; events recorded from now on are not kept");
        }
        return false;
    }

    private UserAgentInfo agentOf(RequestInfo request) {
        return request.userAgent().map(agents::analyze).orElse(UserAgentAnalyzer.NO_AGENT);
    }

    private SessionLocation locate(Optional<String> clientIp) {
        // the lookup waits for the writer, maybe long: it keeps the address, not the request and all its headers
        return new SessionLocation(() -> clientIp.flatMap(IpLiteral::parse).map(geo::locate)
                .orElse(Location.UNKNOWN));
    }

    private boolean droppedOverBudget() {
        return dropped(DropReason.MEMORY_BUDGET, "memory budget reached");
    }

    private boolean droppedSpoolFull() {
        return dropped(DropReason.SPOOL_FULL, "spool disk budget reached");
    }

    private boolean dropped(DropReason reason, String detail) {
        deliveryCounts.dropped(reason);
        LOG.fine(() -> "Skopos dropped an event: " + detail);
        return false;
    }

    /** Whether daily summaries are kept: false where PocketBase has no {@code dash_sum} collection. */
    boolean summariesEnabled() {
        return gains.enabled();
    }

    /** Whether summary gains wait to be written. */
    boolean summariesPending() {
        return !summaries.isEmpty();
    }

    /** Bytes held in memory as the budget counts them. */
    long memoryUsed() {
        return memory.used();
    }

    /** How many writes go to PocketBase in one request; told at every connection whether PocketBase takes batches. */
    public BatchWrites batchWrites() {
        return batches;
    }

    /** The failure that keeps the writer from PocketBase for longer than a blip, if any. */
    public Optional<PocketBaseException> writeBlockedBy() {
        return flusher.blockedBy();
    }

    /**
     * With shared state configured: {@code shared} while the engine answers, {@code unreachable} while it does
     * not (or could not be opened) and this instance keeps its state to itself; empty for local state.
     */
    public Optional<String> sharedState() {
        if (config.sharedState() == SharedState.LOCAL) {
            return Optional.empty();
        }
        return Optional.of(sharedOpened && sharedHealth.failure().isEmpty() ? "shared" : "unreachable");
    }

    /** Sessions ended before their timeout so far, to make room in the memory budget for new ones. */
    public long sessionsEndedEarly() {
        return sessions.endedEarly();
    }

    /** Torn or damaged tails the durable spool skipped when it read its journal back at start; 0 without one. */
    public long spoolDamagedTails() {
        return spool.map(opened -> (long) opened.recovery().damagedTails()).orElse(0L);
    }

    /** What became of the events handed to the tracker so far; those waiting for the website count as queued. */
    public Delivery delivery() {
        Duration queuedAge = flusher.oldestQueuedAge();
        Duration waitedAge = waiting.longestWait().orElse(Duration.ZERO);
        return deliveryCounts.snapshot(flusher.queuedEvents() + waiting.events(),
                waitedAge.compareTo(queuedAge) > 0 ? waitedAge : queuedAge);
    }

    /** Records waiting in the write queue. */
    public int queued() {
        return flusher.queued();
    }

    /** Writes everything waiting now, waiting up to {@code timeout} for PocketBase. */
    public FlushResult flush(Duration timeout) {
        sessions.shareWaitingEvents();
        return flusher.flush(timeout);
    }

    /**
     * Refuses tracking calls from now on, waits for those under way, stops the timers and writes everything
     * waiting, all within {@code timeout}; what is left then is given up and counted as {@code shutdown}, so that
     * {@code accepted = written + dropped + queued} holds with nothing queued. With the spool on, what is left
     * stays in it for the next start, and counted as queued. Logs the outcome.
     */
    public FlushResult drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!calls.shutAndAwait(timeout)) {
            LOG.warning("Skopos stops while tracking calls are still under way; what they accept now is not written");
        }
        synchronized (this) {
            timers.forEach(timer -> timer.cancel(false));
            timers.clear();
        }
        sessions.shareWaitingEvents();
        sessions.endAll();
        long written = flusher.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))).written();
        summaries.stopped();
        jsErrorWriter.stopped();
        long unwritten = spool.isPresent() ? delivery().queued() : flusher.discardQueued() + waiting.giveUp();
        long givenUp = spool.isPresent() ? 0 : unwritten;
        deliveryCounts.dropped(DropReason.SHUTDOWN, givenUp);
        spool.ifPresent(opened -> {
            opened.close();
            if (unwritten > 0) {
                LOG.info("Skopos keeps " + unwritten + " events PocketBase did not take in its spool; they are "
                        + "written after the next start");
            }
        });
        if (givenUp > 0) {
            LOG.warning("Skopos stopped with " + givenUp + " events not written (PocketBase did not accept them within "
                    + timeout.toSeconds() + " s, or the website was never loaded); " + written + " were written");
        } else {
            LOG.info("Skopos drained its queues: " + written + " events written");
        }
        return new FlushResult(written, givenUp);
    }
}
