package dev.skopos.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A visitor of the clustered application, at its own address, whose page views go to the instances in turn. It
 * keeps the pages the instances accepted (answered 204 to), visit by visit. A page's path names its visit, its
 * number within the visit and the instance that accepted it: {@code /x/p3-b} is page 3 of a visit, on B.
 */
final class ClusterVisitor {
    private final String ip;
    private final String visitorId;
    private final List<List<String>> visits = new ArrayList<>();
    private volatile long lastAnswered;
    private volatile int errorsReported;

    /** @param siteId the tracking id of the website, from which the tracker derives visitor ids */
    ClusterVisitor(String ip, String siteId) {
        this.ip = ip;
        this.visitorId = Browser.visitorId(siteId, ip, Browser.CHROME);
    }

    /** The paths on {@code instance}. */
    static Predicate<String> acceptedBy(PayaraMicroMember instance) {
        return path -> path.endsWith("-" + instance.name().toLowerCase(Locale.ROOT));
    }

    String visitorId() {
        return visitorId;
    }

    /** The paths of its visits, in order; every visit but the last one has ended. */
    List<List<String>> visits() {
        return visits.stream().map(List::copyOf).toList();
    }

    /** The JS error reports the instances accepted. */
    int errorsReported() {
        return errorsReported;
    }

    /** When the last page view or report was answered, in {@link System#nanoTime()}. */
    long lastAnswered() {
        return lastAnswered;
    }

    /** A new visit of {@code views} pages named {@code page}: page n on instance n modulo their number. */
    void newVisit(String page, int views, List<PayaraMicroMember> instances) throws IOException, InterruptedException {
        visits.add(new ArrayList<>());
        goOn(page, views, instances);
    }

    /** {@code views} more pages of the current visit, numbered on, page n on instance n modulo their number. */
    void goOn(String page, int views, List<PayaraMicroMember> instances) throws IOException, InterruptedException {
        List<String> visit = visits.get(visits.size() - 1);
        Browser browser = new Browser(ip);
        for (int view = 0; view < views; view++) {
            PayaraMicroMember instance = instances.get(visit.size() % instances.size());
            String path = "/x/" + page + visit.size() + "-" + instance.name().toLowerCase(Locale.ROOT);
            assertThat(browser.post(instance.application().resolve("api/event"), "application/json",
                    "{\"type\":\"pageView\",\"url\":\"https://example.com" + path + "\"}").statusCode())
                    .as("page view of %s on %s", path, instance).isEqualTo(204);
            visit.add(path);
            lastAnswered = System.nanoTime();
        }
    }

    /** Reports the JS error {@code message} once on each of {@code instances}, from the visit's latest page. */
    void reportError(String message, List<PayaraMicroMember> instances) throws IOException, InterruptedException {
        List<String> visit = visits.get(visits.size() - 1);
        String page = "https://example.com" + visit.get(visit.size() - 1);
        Browser browser = new Browser(ip);
        for (PayaraMicroMember instance : instances) {
            assertThat(browser.post(instance.application().resolve("api/event"), "application/json",
                    "{\"type\":\"jsError\",\"url\":\"" + page + "\",\"errorMessage\":\"" + message
                            + "\",\"stackTrace\":\"" + message + "\\n    at render (https://example.com/app.js:1:1)\"}")
                    .statusCode()).as("report of %s on %s", message, instance).isEqualTo(204);
            errorsReported++;
            lastAnswered = System.nanoTime();
        }
    }

    @Override
    public String toString() {
        return "visitor at " + ip;
    }
}
