package dev.skopos.jakarta.internal.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * A scheduler that, while the test holds them, keeps the tasks handed to it to run at once ({@code execute})
 * and runs its scheduled ones as usual: the writer's flushes are scheduled tasks, while the events of sessions
 * an instance holds go to the shared entry as immediate ones, which a busy scheduler may start late.
 */
final class HeldImmediateTasks extends ScheduledThreadPoolExecutor {
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;

    HeldImmediateTasks(int threads) {
        super(threads);
    }

    synchronized void hold() {
        holding = true;
    }

    /** Runs what was held, and from now on every task as it comes. */
    void release() {
        List<Runnable> waiting;
        synchronized (this) {
            holding = false;
            waiting = List.copyOf(held);
            held.clear();
        }
        waiting.forEach(super::execute);
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (holding) {
                held.add(task);
                return;
            }
        }
        super.execute(task);
    }
}
