package dev.skopos.it;

import dev.skopos.jakarta.SkoposTracker;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * A scheduled job in a singleton enterprise bean: starting it records an event for the request that starts
 * it, and each run of its timer records one where no request is being served. The timer is programmatic and
 * started on demand, so that it records nothing unless a test asks for it. The container serialises the
 * runs and the calls (its default write lock).
 */
@Singleton
public class ReportScheduler {

    @Inject
    SkoposTracker tracker;

    @Resource
    TimerService timers;

    private int runs;

    /** Starts running every {@code intervalMillis} (non-persistent: it ends with the application). */
    public void start(long intervalMillis) {
        stop();
        timers.createIntervalTimer(intervalMillis, intervalMillis, new TimerConfig(null, false));
        tracker.trackServerEvent("report_schedule_started", Map.of("everyMillis", intervalMillis));
    }

    public void stop() {
        timers.getTimers().forEach(Timer::cancel);
    }

    /** How many runs the tracker has accepted. */
    @Lock(LockType.READ)
    public int runs() {
        return runs;
    }

    @Timeout
    void generateReport() {
        if (tracker.trackServerEvent("report_generated", Map.of("run", runs + 1))) {
            runs++;
        }
    }

    /** Records the count when the application stops: enterprise beans stop before the tracker drains. */
    @PreDestroy
    void stopped() {
        if (runs > 0) {
            tracker.trackServerEvent("report_schedule_stopped", Map.of("runs", runs));
        }
    }
}
