package dev.skopos.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A day of traffic on example.com, posted through the demo application: six visitors from five countries (and
 * one address no database places) on six browsers, eight sessions, two of them of returning visitors.
 * <pre>
 * visit          browser and address (where)          language  from                      steps, in order
 * ada            Chrome, Windows; US California       en-US     www.google.com/search     /, /pricing (SPA),
 *                                                                                         signup_click, /docs, sign-up
 *                                                                                         form, login (identify),
 *                                                                                         exit 42 s
 * reader         Firefox, Ubuntu; AU New South Wales  en-GB     news.ycombinator.com      /blog/launch, TypeError ×3,
 *                                                                                         exit 5 s
 * phone          Mobile Safari, iPhone; GB England    en-GB     t.co                      /, exit 25 s
 * android        Chrome Mobile, Android; DE Lower     de-DE     www.bing.com              /de, /pricing,
 *                Saxony                                                                   ReferenceError, signup_click
 * tablet         Mobile Safari, iPad; US New York     none      direct                    /pricing: the short session
 * mac            Edge, Mac OS X; 192.0.2.77 (nowhere) fr-FR     duckduckgo.com            /docs, download,
 *                                                                                         /docs/install
 * reader, again  as reader                            en-GB     www.google.com            /blog/launch, TypeError
 *                                                                                         (another stack), /blog
 * ada, again     as ada                               en-US     direct                    /pricing, checkout action
 * </pre>
 * Each session lasts at least as long as {@link #LENGTHS} says (the script waits for it), together 16 s over 8
 * sessions; the whole day takes about 12 s.
 */
final class ScriptedDay {
    static final String CHROME_WINDOWS = Browser.CHROME;
    static final String FIREFOX_UBUNTU = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 "
            + "Firefox/133.0";
    static final String SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    static final String CHROME_ANDROID = "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
    static final String SAFARI_IPAD = "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    static final String EDGE_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
    static final String TYPE_ERROR = "TypeError: Cannot read properties of undefined (reading 'plan')";
    static final String REFERENCE_ERROR = "ReferenceError: checkout is not defined";
    /** The least each visit lasts, in the order of {@link #visits()}. */
    static final List<Duration> LENGTHS = List.of(Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(3),
            Duration.ofSeconds(2), Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2));

    final ScriptedVisit ada = new ScriptedVisit(new Browser("8.8.8.8", CHROME_WINDOWS), "en-US",
            "https://www.google.com/search?q=skopos");
    final ScriptedVisit reader = new ScriptedVisit(new Browser("1.1.1.1", FIREFOX_UBUNTU), "en-GB",
            "https://news.ycombinator.com/item?id=42");
    final ScriptedVisit phone = new ScriptedVisit(new Browser("81.2.69.142", SAFARI_IPHONE), "en-GB",
            "https://t.co/launch");
    final ScriptedVisit android = new ScriptedVisit(new Browser("193.99.144.80", CHROME_ANDROID), "de-DE",
            "https://www.bing.com/");
    final ScriptedVisit tablet = new ScriptedVisit(new Browser("52.95.110.1", SAFARI_IPAD), "", "");
    final ScriptedVisit mac = new ScriptedVisit(new Browser("192.0.2.77", EDGE_MAC), "fr-FR",
            "https://duckduckgo.com/");
    private ScriptedVisit readerAgain;
    private ScriptedVisit adaAgain;

    /** Posts the day; returns when PocketBase holds all of it. */
    void post() throws IOException, InterruptedException {
        ada.pageView("/");
        reader.pageView("/blog/launch");
        phone.pageView("/");
        android.pageView("/de");
        tablet.pageView("/pricing");
        mac.pageView("/docs");

        ada.pageView("/pricing").custom("/pricing", "signup_click", plan("pro")).pageView("/docs");
        for (int report = 0; report < 3; report++) {
            reader.jsError("/blog/launch", TYPE_ERROR, TYPE_ERROR + "\n    at renderPlan (app.js:12:7)");
        }
        android.pageView("/pricing")
                .jsError("/pricing", REFERENCE_ERROR, REFERENCE_ERROR + "\n    at buy (app.js:40:3)");
        mac.custom("/docs", "download", Json.createObjectBuilder().add("file", "skopos.jar").build())
                .lastingAtLeast(LENGTHS.get(5)).pageView("/docs/install");
        reader.lastingAtLeast(LENGTHS.get(1)).exit("/blog/launch", 5);
        android.lastingAtLeast(LENGTHS.get(3)).custom("/pricing", "signup_click", plan("free"));
        ada.signUp("ada@example.com").logIn("ada-1815");
        phone.lastingAtLeast(LENGTHS.get(2)).exit("/", 25);
        ada.lastingAtLeast(LENGTHS.get(0)).exit("/docs", 42);

        readerAgain = reader.returnsFrom("https://www.google.com/").pageView("/blog/launch")
                .jsError("/blog/launch", TYPE_ERROR, TYPE_ERROR + "\n    at Blog.render (blog.js:3:14)");
        readerAgain.lastingAtLeast(LENGTHS.get(6)).pageView("/blog");
        adaAgain = ada.returnsFrom("").pageView("/pricing");
        adaAgain.lastingAtLeast(LENGTHS.get(7)).checkout(42);
    }

    private static JsonObject plan(String name) {
        return Json.createObjectBuilder().add("plan", name).build();
    }

    /** Every visit, in the order they began, as {@link #LENGTHS}. */
    List<ScriptedVisit> visits() {
        return List.of(ada, reader, phone, android, tablet, mac, readerAgain, adaAgain);
    }
}
