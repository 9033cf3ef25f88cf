package dev.skopos.it;

import dev.skopos.jakarta.testing.PocketBaseAdmin;
import dev.skopos.jakarta.testing.DashboardLayout;
import dev.skopos.jakarta.testing.PocketBaseServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Payara Micro instances of the application, clustered over Hazelcast on loopback and sharing the tracker's
 * state in Payara's JCache ({@code SKOPOS_SHARED_STATE=jcache}), against one PocketBase, as behind a load
 * balancer that sends each request anywhere: every visitor's page views alternate between A and B. Each visit
 * is one session, with all its events, its first page as entry and its last as exit, counted once in the day's
 * {@code dash_sum} record, which holds exactly what both accepted; a JS error each visitor reports on both
 * counts every report in its one {@code js_errors} record. Then the instance that writes the summaries is
 * killed with SIGKILL in the middle of the visitors' visits: they go on in the same sessions on the other,
 * which takes the writing over once the lease lapses; everything it accepted is in the record exactly, while
 * the dead one's last pages never count more than it accepted.
 */
@Tag("cluster")
class ClusterIT {
    private static final String SHARES = "Skopos shares its state with the application's other instances in JCache";
    private static final String WRITES = "Skopos on this instance now writes the daily summaries of all instances";
    /** The lease's term (15 s) and a summary interval (5 s), with room for a busy machine. */
    private static final Duration TAKEOVER = Duration.ofSeconds(90);
    /** Events are written within the batch interval (10 s), summaries merged and written every 5 s. */
    private static final Duration WRITTEN = Duration.ofSeconds(60);
    /**
     * A visitor's next visit counts the end of its last one at once, unless an instance let go of that session
     * in a sweep while it lived on at the other, whose sweep (each minute) then counts it.
     */
    private static final Duration ENDS_COUNTED = Duration.ofSeconds(120);
    /**
     * Visits end after this long without a page view, so that the test can start the next ones soon; still far
     * longer than the survivor takes to answer once the other instance is killed.
     */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    private static final int VISITORS = 8;
    private static final String ERROR = "TypeError: cart is undefined";

    private final ExecutorService browsers = Executors.newFixedThreadPool(VISITORS);

    @Test
    void visitsAlternatingBetweenInstancesAreOneSessionEachAndGoOnOnTheSurvivor() throws Exception {
        Path work = Path.of(System.getProperty("skopos.it.root"), "skopos-jakarta-it", "target", "cluster-it");
        Files.createDirectories(work);
        String cluster = "skopos-it-" + UUID.randomUUID();
        int clusterPort = PocketBaseServer.freePort();
        try (PocketBaseServer pocketBase = PocketBaseServer.startWith(DashboardLayout.BEFORE_0_38)) {
            Map<String, String> environment = new HashMap<>(pocketBase.trackerEnvironment());
            environment.put("SKOPOS_SHARED_STATE", "jcache");
            environment.put("SKOPOS_SESSION_TIMEOUT", String.valueOf(SESSION_TIMEOUT.toMillis()));
            environment.put("SKOPOS_JS_ERROR_BATCH_INTERVAL", "1000");
            // the test stands in for a reverse proxy on this machine: it names each visitor's address
            environment.put("SKOPOS_TRUSTED_PROXIES", "127.0.0.1,::1");

            long started = System.nanoTime();
            try (PayaraMicroMember a = PayaraMicroMember.start("A", cluster, clusterPort, environment, work);
                 PayaraMicroMember b = PayaraMicroMember.start("B", cluster, clusterPort, environment, work)) {
                a.awaitReady();
                b.awaitReady();
                Duration ready = since(started);
                for (PayaraMicroMember member : List.of(a, b)) {
                    member.awaitOutput(SHARES, WRITTEN);
                    member.awaitOutput("DG Name: " + cluster + " DG Size: 2", WRITTEN);
                }
                // whichever took the writer's lease first; the other saw it taken in the same cache
                await().atMost(WRITTEN).until(() -> a.output().contains(WRITES) || b.output().contains(WRITES));
                PayaraMicroMember writer = a.output().contains(WRITES) ? a : b;
                PayaraMicroMember survivor = writer == a ? b : a;
                List<ClusterVisitor> visitors = IntStream.rangeClosed(1, VISITORS)
                        .mapToObj(visitor -> new ClusterVisitor("192.0.2." + visitor, pocketBase.trackingId()))
                        .toList();
                Predicate<String> nothingLost = path -> false;

                // six pages each, half the visitors starting on A, half on B; then a JS error on each, twice:
                // the second time, each instance adds to a count the other wrote
                run(visitors, visitor -> visitor.newVisit("p", 6,
                        visitors.indexOf(visitor) % 2 == 0 ? List.of(a, b) : List.of(b, a)));
                for (int round = 0; round < 2; round++) {
                    run(visitors, visitor -> visitor.reportError(ERROR, List.of(a, b)));
                    await().atMost(WRITTEN).pollInterval(Duration.ofSeconds(1))
                            .untilAsserted(() -> assertRecorded(pocketBase, visitors, nothingLost));
                }
                assertThat(survivor.output()).as("only %s writes the summaries", writer).doesNotContain(WRITES);

                // the next visit, one page on the survivor: its first page view ends the first visit
                outlastSessions(visitors);
                run(visitors, visitor -> visitor.newVisit("next", 1, List.of(survivor)));
                await().atMost(ENDS_COUNTED).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertRecorded(pocketBase, visitors, nothingLost));

                // a third visit alternates; the writer is killed with pages not yet written or merged, and the
                // visit goes on on the survivor alone, in the same session: one session entered on q0 holds the
                // survivor's q1 and q3 from before the kill and q4 and q5 from after it
                outlastSessions(visitors);
                run(visitors, visitor -> visitor.newVisit("q", 4, List.of(writer, survivor)));
                writer.kill();
                long killed = System.nanoTime();
                run(visitors, visitor -> visitor.goOn("q", 2, List.of(survivor)));
                Duration goneOn = since(killed);
                Predicate<String> diedWithWriter = ClusterVisitor.acceptedBy(writer)
                        .and(path -> path.startsWith("/x/q"));

                survivor.awaitOutput(WRITES, TAKEOVER);
                Duration takeover = since(killed);
                await().atMost(TAKEOVER).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertRecorded(pocketBase, visitors, diedWithWriter));
                Duration complete = since(killed);

                // a last page each, most likely still queued (batch interval 10 s) when the survivor gets SIGTERM
                // right after: it writes them before it stops. Not checked: the exit pages of the visits these
                // end, which Payara's engine, stopping at the same time, may no longer let the tracker claim
                outlastSessions(visitors);
                run(visitors, visitor -> visitor.newVisit("last", 1, List.of(survivor)));
                survivor.stop();
                assertSessions(pocketBase.admin(), visitors, diedWithWriter);
                for (PayaraMicroMember member : List.of(a, b)) {
                    assertThat(member.output()).as("output of %s", member).doesNotContain(pocketBase.adminPassword());
                }
                System.out.printf("ClusterIT: both instances ready in %d s; %s was killed, the visits went on on %s"
                                + " within %d ms, which took the writing over %d s later; its figures were complete"
                                + " after %d s%n", ready.toSeconds(), writer, survivor, goneOn.toMillis(),
                        takeover.toSeconds(), complete.toSeconds());
            }
        } finally {
            browsers.shutdownNow();
        }
    }

    /**
     * PocketBase holds each visit as one session with its events, and the day's summary counts each visit once,
     * exactly, but for the pages {@code mayBeLost}: those the killed instance accepted and may not have written
     * or merged, which count at most what it accepted, and whose visits may count neither as visitor nor as
     * engaged.
     */
    private static void assertRecorded(PocketBaseServer pocketBase, List<ClusterVisitor> visitors,
                                       Predicate<String> mayBeLost) {
        assertSessions(pocketBase.admin(), visitors, mayBeLost);
        assertSummary(summary(pocketBase), visitors, mayBeLost);
        assertErrors(pocketBase, visitors.stream().mapToLong(ClusterVisitor::errorsReported).sum());
    }

    /** The one error's record counts every report, on whichever instance each came: so does the summary. */
    private static void assertErrors(PocketBaseServer pocketBase, long reports) {
        List<JsonObject> errors = pocketBase.admin().listAll("js_errors");
        assertThat(errors).as("js_errors records").hasSize(1);
        assertThat(errors.get(0).getString("errorMessage")).isEqualTo(ERROR);
        assertThat(errors.get(0).getJsonNumber("count").longValue()).as("reports in the error's record")
                .isEqualTo(reports);
        JsonObject summary = summary(pocketBase);
        assertThat(number(summary, "jsErrors")).as("JS errors in the summary").isEqualTo(reports);
        assertThat(breakdown(summary, "topJsErrors")).isEqualTo(Map.of(ERROR, reports));
    }

    /**
     * Each visitor has one record, and one session per visit, entered on its first page, left on its last, and
     * holding its events: every page but those that may be lost, no other event, and none twice.
     */
    private static void assertSessions(PocketBaseAdmin admin, List<ClusterVisitor> visitors,
                                       Predicate<String> mayBeLost) {
        Map<String, List<JsonObject>> visitorRecords = admin.listAll("visitors").stream()
                .collect(Collectors.groupingBy(visitor -> visitor.getString("visitorId")));
        Map<String, List<JsonObject>> sessionsByVisitor = admin.listAll("sessions").stream()
                .collect(Collectors.groupingBy(session -> session.getString("visitor")));
        List<JsonObject> events = admin.listAll("events");
        Map<String, List<String>> pathsBySession = events.stream().collect(Collectors.groupingBy(
                event -> event.getString("session"), Collectors.mapping(event -> event.getString("path"),
                        Collectors.toList())));
        assertThat(visitorRecords).as("visitor records").hasSize(visitors.size());
        long eventsOnVisits = 0;
        for (ClusterVisitor visitor : visitors) {
            assertThat(visitorRecords.get(visitor.visitorId())).as("records of %s", visitor).hasSize(1);
            List<JsonObject> sessions = sessionsByVisitor.getOrDefault(
                    visitorRecords.get(visitor.visitorId()).get(0).getString("id"), List.of());
            List<List<String>> visits = visitor.visits();
            assertThat(sessions).as("sessions of %s", visitor).hasSize(visits.size());
            for (int number = 0; number < visits.size(); number++) {
                List<String> visit = visits.get(number);
                List<JsonObject> entered = sessions.stream()
                        .filter(session -> session.getString("entryPath").equals(visit.get(0))).toList();
                assertThat(entered).as("sessions of %s entered on %s", visitor, visit.get(0)).hasSize(1);
                JsonObject session = entered.get(0);
                assertThat(session.getString("exitPath")).as("exit of %s's visit %s", visitor, visit)
                        .isEqualTo(visit.get(visit.size() - 1));
                assertThat(session.getBoolean("isNewVisitor")).as("%s new on visit %s", visitor, visit)
                        .isEqualTo(number == 0);
                List<String> paths = pathsBySession.getOrDefault(session.getString("id"), List.of());
                assertThat(paths).as("events of %s's visit %s", visitor, visit).doesNotHaveDuplicates()
                        .isSubsetOf(visit).containsAll(visit.stream().filter(mayBeLost.negate()).toList());
                eventsOnVisits += paths.size();
            }
        }
        assertThat(events).as("events, all on the sessions of their visits").hasSize((int) eventsOnVisits);
    }

    /**
     * Pages, entry pages and exit pages of ended visits are counted exactly, but for those that may be lost; the
     * last visits may have ended in a sweep or not, so their exit pages may count. Every visit counted as a
     * visitor counted its entry page; the first visits count as new visitors; every visit of two pages or more
     * is engaged.
     */
    private static void assertSummary(JsonObject summary, List<ClusterVisitor> visitors, Predicate<String> mayBeLost) {
        List<List<String>> visits = visitors.stream().flatMap(visitor -> visitor.visits().stream()).toList();
        Set<String> mayHaveEnded = visitors.stream().map(visitor -> last(last(visitor.visits())))
                .collect(Collectors.toSet());

        Map<String, Long> pages = breakdown(summary, "topPages");
        assertCounted("page views", pages, count(visits.stream().flatMap(List::stream)), mayBeLost);
        assertThat(number(summary, "pageViews")).as("page views").isEqualTo(total(pages));

        Map<String, Long> entries = breakdown(summary, "entryPages");
        assertCounted("entry pages", entries, count(visits.stream().map(visit -> visit.get(0))), mayBeLost);
        assertThat(number(summary, "visitors")).as("visitors").isEqualTo(total(entries));
        assertThat(number(summary, "newVisitors")).as("new visitors").isEqualTo(visitors.size());
        assertThat(number(summary, "returningVisitors")).as("returning visitors")
                .isEqualTo(total(entries) - visitors.size());

        assertCounted("exit pages", breakdown(summary, "exitPages"), count(visits.stream().map(ClusterIT::last)),
                mayBeLost.or(mayHaveEnded::contains));

        List<List<String>> engaging = visits.stream().filter(visit -> visit.size() >= 2).toList();
        assertThat(number(summary, "engagedSessions")).as("engaged sessions").isBetween(
                engaging.stream().filter(visit -> visit.stream().noneMatch(mayBeLost)).count(),
                (long) engaging.size());
    }

    /** {@code counted} holds {@code accepted} exactly, but for the keys that are {@code uncertain}: at most. */
    private static void assertCounted(String what, Map<String, Long> counted, Map<String, Long> accepted,
                                      Predicate<String> uncertain) {
        assertThat(counted.keySet()).as(what).isSubsetOf(accepted.keySet());
        accepted.forEach((key, count) -> assertThat(counted.getOrDefault(key, 0L)).as("%s: %s", what, key)
                .isBetween(uncertain.test(key) ? 0 : count, count));
    }

    /** Runs one step of every visitor at once. */
    private void run(List<ClusterVisitor> visitors, VisitorStep step) throws Exception {
        CompletableFuture.allOf(visitors.stream().map(visitor -> CompletableFuture.runAsync(() -> {
            try {
                step.take(visitor);
            } catch (Exception e) {
                throw new IllegalStateException(visitor + " could not go on", e);
            }
        }, browsers)).toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    }

    @FunctionalInterface
    private interface VisitorStep {
        void take(ClusterVisitor visitor) throws Exception;
    }

    /**
     * Waits out the session timeout since the visitors' last page views: the tracker ends their visits after it,
     * and nothing outside the tracker shows that moment to await.
     */
    private static void outlastSessions(List<ClusterVisitor> visitors) throws InterruptedException {
        long lastAnswered = visitors.stream().mapToLong(ClusterVisitor::lastAnswered).max().orElseThrow();
        long over = lastAnswered + SESSION_TIMEOUT.plusSeconds(1).toNanos();
        long remaining = over - System.nanoTime();
        if (remaining > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining);
        }
    }

    /** The summary of the website's one {@code dash_sum} record: the test runs within one UTC day. */
    private static JsonObject summary(PocketBaseServer pocketBase) {
        List<JsonObject> days = pocketBase.admin().list("dash_sum", null);
        assertThat(days).as("dash_sum records").hasSize(1);
        assertThat(days.get(0).getString("website")).isEqualTo(pocketBase.websiteId());
        return days.get(0).getJsonObject("summary");
    }

    private static long number(JsonObject summary, String figure) {
        return summary.getJsonNumber(figure).longValue();
    }

    private static Map<String, Long> breakdown(JsonObject summary, String list) {
        return summary.getJsonArray(list).getValuesAs(JsonObject.class).stream().collect(Collectors.toMap(
                entry -> entry.getString("key"), entry -> entry.getJsonNumber("count").longValue()));
    }

    private static Map<String, Long> count(Stream<String> keys) {
        return keys.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }
}
