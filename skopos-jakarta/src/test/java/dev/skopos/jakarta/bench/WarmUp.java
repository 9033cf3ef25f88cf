package dev.skopos.jakarta.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Page views sent before a measured phase until the JVM that handles them runs compiled code: rounds of 3,000,
 * each from visitors of its own, until the JIT compiler took under a tenth of that JVM's CPU in a round, or after
 * ten rounds. On two cores shared with PocketBase and the load driver, one compiler thread takes tens of thousands
 * of requests to compile what they run; a phase measured before that counts code not yet compiled, which a server
 * that has run for a while no longer runs.
 */
final class WarmUp {
    /** Far from the measured visitors (at most 50,000) and within what {@code address(visitor)} can spell. */
    private static final int FIRST_VISITOR = 55_000;
    private static final int VISITORS_PER_ROUND = 300;
    private static final int PAGES_PER_VISITOR = 10;
    private static final int MOST_ROUNDS = 10;
    private static final double QUIET_COMPILER_SHARE = 0.1;

    private final List<Traffic> rounds;
    private final double lastRoundCompilerShare;

    private WarmUp(List<Traffic> rounds, double lastRoundCompilerShare) {
        this.rounds = rounds;
        this.lastRoundCompilerShare = lastRoundCompilerShare;
    }

    /**
     * Sends rounds from {@code threads} threads to a writer whose JVM is {@code jvmPid}; after each, {@code landed}
     * is given the page views sent so far and returns once the writer has them in PocketBase, so that its
     * writing code is compiled too.
     */
    static WarmUp run(int threads, Traffic.PageView pageView, long jvmPid, IntConsumer landed) throws Exception {
        List<Traffic> rounds = new ArrayList<>();
        double compilerShare;
        do {
            Traffic round = new Traffic(FIRST_VISITOR + rounds.size() * VISITORS_PER_ROUND, VISITORS_PER_ROUND,
                    PAGES_PER_VISITOR);
            double cpuBefore = ProcessCpu.millis(jvmPid);
            double compilingBefore = ProcessCpu.compilerMillis(jvmPid);
            round.send(threads, pageView);
            rounds.add(round);
            landed.accept(rounds.size() * round.events());
            compilerShare = (ProcessCpu.compilerMillis(jvmPid) - compilingBefore)
                    / (ProcessCpu.millis(jvmPid) - cpuBefore);
        } while (compilerShare >= QUIET_COMPILER_SHARE && rounds.size() < MOST_ROUNDS);
        return new WarmUp(rounds, compilerShare);
    }

    List<Traffic> rounds() {
        return rounds;
    }

    int events() {
        return rounds.stream().mapToInt(Traffic::events).sum();
    }

    /** The JIT compiler's share of the JVM's CPU in the last round. */
    double lastRoundCompilerShare() {
        return lastRoundCompilerShare;
    }
}
