package dev.skopos.jakarta.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Page views from a range of visitors: each visitor's pages sent back to back by one thread, the visitors
 * spread over the sending threads.
 */
final class Traffic {
    private final int firstVisitor;
    private final int visitors;
    private final int pagesPerVisitor;

    /** Sends one page view of a visitor; called on a sending thread. */
    interface PageView {
        void send(int visitor, int page) throws Exception;
    }

    Traffic(int firstVisitor, int visitors, int pagesPerVisitor) {
        this.firstVisitor = firstVisitor;
        this.visitors = visitors;
        this.pagesPerVisitor = pagesPerVisitor;
    }

    int events() {
        return visitors * pagesPerVisitor;
    }

    int firstVisitor() {
        return firstVisitor;
    }

    int endVisitor() {
        return firstVisitor + visitors;
    }

    int pagesPerVisitor() {
        return pagesPerVisitor;
    }

    /** Sends every page view from {@code threads} threads; returns the nanoseconds spent inside the calls. */
    long send(int threads, PageView pageView) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger next = new AtomicInteger(firstVisitor);
            List<Future<Long>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    long spent = 0;
                    for (int visitor = next.getAndIncrement(); visitor < endVisitor();
                         visitor = next.getAndIncrement()) {
                        for (int page = 0; page < pagesPerVisitor; page++) {
                            long before = System.nanoTime();
                            pageView.send(visitor, page);
                            spent += System.nanoTime() - before;
                        }
                    }
                    return spent;
                }));
            }
            long total = 0;
            for (Future<Long> worker : workers) {
                total += worker.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }
}
