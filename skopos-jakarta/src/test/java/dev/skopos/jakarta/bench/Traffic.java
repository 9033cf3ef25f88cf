package dev.skopos.jakarta.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Page views from a range of visitors, each visitor's pages in order and by one thread, the visitors spread over
 * the sending threads: either each visitor's pages back to back, or interleaved, every thread sending the next
 * page of each of its visitors in turn, so that every visitor browses for the whole run, as on a real site.
 */
final class Traffic {
    private final int firstVisitor;
    private final int visitors;
    private final int pagesPerVisitor;
    private final boolean interleaved;

    /** Sends one page view of a visitor; called on a sending thread. */
    interface PageView {
        void send(int visitor, int page) throws Exception;
    }

    /** Each visitor's pages back to back. */
    Traffic(int firstVisitor, int visitors, int pagesPerVisitor) {
        this(firstVisitor, visitors, pagesPerVisitor, false);
    }

    private Traffic(int firstVisitor, int visitors, int pagesPerVisitor, boolean interleaved) {
        this.firstVisitor = firstVisitor;
        this.visitors = visitors;
        this.pagesPerVisitor = pagesPerVisitor;
        this.interleaved = interleaved;
    }

    /** The same visitors and pages, each thread's visitors taking turns page by page. */
    Traffic interleaved() {
        return new Traffic(firstVisitor, visitors, pagesPerVisitor, true);
    }

    /** The same traffic of the first {@code most} visitors only. */
    Traffic firstVisitors(int most) {
        return new Traffic(firstVisitor, Math.min(visitors, most), pagesPerVisitor, interleaved);
    }

    boolean isInterleaved() {
        return interleaved;
    }

    int events() {
        return visitors * pagesPerVisitor;
    }

    int firstVisitor() {
        return firstVisitor;
    }

    int visitors() {
        return visitors;
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
                int thread = t;
                workers.add(pool.submit(() -> interleaved ? sendInTurns(thread, threads, pageView)
                        : sendBackToBack(next, pageView)));
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

    /** Takes the next visitor not yet sent and sends all its pages, until none is left. */
    private long sendBackToBack(AtomicInteger next, PageView pageView) throws Exception {
        long spent = 0;
        for (int visitor = next.getAndIncrement(); visitor < endVisitor(); visitor = next.getAndIncrement()) {
            for (int page = 0; page < pagesPerVisitor; page++) {
                spent += timed(pageView, visitor, page);
            }
        }
        return spent;
    }

    /** Sends page 0 of every visitor of {@code thread}'s share, then page 1 of each, and so on. */
    private long sendInTurns(int thread, int threads, PageView pageView) throws Exception {
        long spent = 0;
        for (int page = 0; page < pagesPerVisitor; page++) {
            for (int visitor = firstVisitor + thread; visitor < endVisitor(); visitor += threads) {
                spent += timed(pageView, visitor, page);
            }
        }
        return spent;
    }

    private static long timed(PageView pageView, int visitor, int page) throws Exception {
        long before = System.nanoTime();
        pageView.send(visitor, page);
        return System.nanoTime() - before;
    }
}
