package dev.skopos.it;

import dev.skopos.jakarta.testing.PocketBaseServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Payara Micro instances of the application, clustered over Hazelcast on loopback and sharing the tracker's
 * state in Payara's JCache ({@code SKOPOS_SHARED_STATE=jcache}), against one PocketBase. Each visitor stays on
 * one instance (sessions are not shared): visitors of A see {@code /a/} pages on A, visitors of B {@code /b/}
 * pages on B, both at once. The day's one {@code dash_sum} record holds exactly what both accepted. Then the
 * instance that writes the summaries for both is killed with SIGKILL: the other takes the writing over once the
 * lease lapses, and everything it accepted is in the record exactly, while the dead one's pages never count
 * more than it accepted.
 */
@Tag("cluster")
class ClusterIT {
    private static final String SHARES = "Skopos shares its state with the application's other instances in JCache";
    private static final String WRITES = "Skopos on this instance now writes the daily summaries of all instances";
    /** The lease's term (15 s) and a summary interval (5 s), with room for a busy machine. */
    private static final Duration TAKEOVER = Duration.ofSeconds(90);
    /** Summaries are merged and written every 5 s. */
    private static final Duration WRITTEN = Duration.ofSeconds(60);

    private final ExecutorService visitors = Executors.newFixedThreadPool(8);

    @Test
    void bothInstancesCountExactlyAndTheSurvivorTakesTheWritingOver() throws Exception {
        Path work = Path.of(System.getProperty("skopos.it.root"), "skopos-jakarta-it", "target", "cluster-it");
        Files.createDirectories(work);
        String cluster = "skopos-it-" + UUID.randomUUID();
        int clusterPort = PocketBaseServer.freePort();
        try (PocketBaseServer pocketBase = PocketBaseServer.start()) {
            Map<String, String> environment = new HashMap<>(pocketBase.trackerEnvironment());
            environment.put("SKOPOS_SHARED_STATE", "jcache");
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
                Site siteA = new Site(a, "/a/", "192.0.2.");
                Site siteB = new Site(b, "/b/", "198.51.100.");
                Site writer = a.output().contains(WRITES) ? siteA : siteB;
                Site survivor = writer == siteA ? siteB : siteA;
                assertThat(survivor.member.output()).as("only %s writes the summaries", writer.member)
                        .doesNotContain(WRITES);

                List<Visit> firstVisits = new ArrayList<>();
                for (int i = 1; i <= 8; i++) {
                    firstVisits.add(siteA.newVisitor(i, "home", "pricing", "docs"));
                    firstVisits.add(siteB.newVisitor(i, "home", "pricing", "docs"));
                }
                run(firstVisits);

                await().atMost(WRITTEN).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    JsonObject summary = summary(pocketBase);
                    assertThat(number(summary, "pageViews")).isEqualTo(siteA.pageViews() + siteB.pageViews());
                    assertThat(number(summary, "visitors")).isEqualTo(siteA.visitors() + siteB.visitors());
                    assertThat(breakdown(summary, "topPages")).isEqualTo(merged(siteA.pages, siteB.pages));
                    assertThat(breakdown(summary, "entryPages")).isEqualTo(merged(siteA.entries, siteB.entries));
                });
                assertThat(survivor.member.output()).as("only %s writes the summaries", writer.member)
                        .doesNotContain(WRITES);
                Map<String, Long> writtenForWriter = Map.copyOf(writer.pages);

                // the writer's visitors go on while the survivor's do: it dies with page views not yet merged
                List<Visit> lastVisits = new ArrayList<>();
                for (int i = 1; i <= 8; i++) {
                    lastVisits.add(siteA.returningVisitor(i, "blog"));
                    lastVisits.add(siteB.returningVisitor(i, "blog"));
                }
                run(lastVisits);
                writer.member.kill();
                long killed = System.nanoTime();
                List<Visit> afterKill = new ArrayList<>();
                for (int i = 101; i <= 104; i++) {
                    afterKill.add(survivor.newVisitor(i, "home", "blog"));
                }
                run(afterKill);

                survivor.member.awaitOutput(WRITES, TAKEOVER);
                Duration takeover = since(killed);
                await().atMost(TAKEOVER).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                        assertExactForSurvivor(summary(pocketBase), survivor, writer, writtenForWriter));
                Duration complete = since(killed);

                survivor.member.stop();
                assertExactForSurvivor(summary(pocketBase), survivor, writer, writtenForWriter);
                for (PayaraMicroMember member : List.of(a, b)) {
                    assertThat(member.output()).as("output of %s", member).doesNotContain(pocketBase.adminPassword());
                }
                System.out.printf("ClusterIT: both instances ready in %d s; %s was killed, %s took the writing"
                                + " over %d s later and its figures were complete after %d s%n", ready.toSeconds(),
                        writer.member, survivor.member, takeover.toSeconds(), complete.toSeconds());
            }
        } finally {
            visitors.shutdownNow();
        }
    }

    /**
     * The survivor's pages and entry pages are exactly what it accepted, and so are the page views and visitors
     * that are not the dead writer's; the writer's pages count at least what was written before it died and at
     * most what it accepted.
     */
    private static void assertExactForSurvivor(JsonObject summary, Site survivor, Site writer,
                                               Map<String, Long> writtenForWriter) {
        Map<String, Long> pages = breakdown(summary, "topPages");
        Map<String, Long> entries = breakdown(summary, "entryPages");
        assertThat(survivor.own(pages)).as("the survivor's pages").isEqualTo(survivor.pages);
        assertThat(survivor.own(entries)).as("the survivor's entry pages").isEqualTo(survivor.entries);
        assertThat(number(summary, "pageViews") - total(writer.own(pages))).as("page views on the survivor")
                .isEqualTo(survivor.pageViews());
        assertThat(number(summary, "visitors") - total(writer.own(entries))).as("visitors on the survivor")
                .isEqualTo(survivor.visitors());
        writer.pages.forEach((path, accepted) -> assertThat(pages.getOrDefault(path, 0L))
                .as("page views of %s", path).isBetween(writtenForWriter.getOrDefault(path, 0L), accepted));
        assertThat(writer.own(pages).keySet()).isSubsetOf(writer.pages.keySet());
    }

    /**
     * One instance's part of the website: its visitors (addresses under {@code ipPrefix}) see the pages under
     * {@code section} on it alone. It keeps what the instance accepted (answered 204 to): page views by path,
     * and its visitors by entry page.
     */
    private static final class Site {
        final PayaraMicroMember member;
        final String section;
        final String ipPrefix;
        final Map<String, Long> pages = new ConcurrentHashMap<>();
        final Map<String, Long> entries = new ConcurrentHashMap<>();

        Site(PayaraMicroMember member, String section, String ipPrefix) {
            this.member = member;
            this.section = section;
            this.ipPrefix = ipPrefix;
        }

        Visit newVisitor(int visitor, String... pages) {
            return new Visit(this, ipPrefix + visitor, true, pages);
        }

        /** Visitor {@code visitor} again, in the session it started on this instance. */
        Visit returningVisitor(int visitor, String... pages) {
            return new Visit(this, ipPrefix + visitor, false, pages);
        }

        long pageViews() {
            return total(pages);
        }

        long visitors() {
            return total(entries);
        }

        /** The counts of this site's section. */
        Map<String, Long> own(Map<String, Long> counts) {
            return counts.entrySet().stream().filter(entry -> entry.getKey().startsWith(section))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
    }

    /** One visitor's page views on one instance, in order; a new visitor's first page is its entry page. */
    private record Visit(Site site, String ip, boolean newVisitor, String... pages) {
        void run() throws IOException, InterruptedException {
            Browser browser = new Browser(ip);
            for (String page : pages) {
                String path = site.section + page;
                assertThat(browser.post(site.member.application().resolve("api/event"), "application/json",
                        "{\"type\":\"pageView\",\"url\":\"https://example.com" + path + "\"}").statusCode())
                        .as("page view of %s on %s", path, site.member).isEqualTo(204);
                site.pages.merge(path, 1L, Long::sum);
            }
            if (newVisitor) {
                site.entries.merge(site.section + pages[0], 1L, Long::sum);
            }
        }
    }

    /** Runs the visits at once, each visitor's page views in order. */
    private void run(List<Visit> visits) throws Exception {
        CompletableFuture.allOf(visits.stream().map(visit -> CompletableFuture.runAsync(() -> {
            try {
                visit.run();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(visit.ip() + " could not reach " + visit.site().member, e);
            }
        }, visitors)).toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
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

    private static Map<String, Long> merged(Map<String, Long> one, Map<String, Long> other) {
        Map<String, Long> both = new HashMap<>(one);
        other.forEach((key, count) -> both.merge(key, count, Long::sum));
        return both;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }
}
