package dev.skopos.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static dev.skopos.it.ItPocketBase.pocketBase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo pages in Debian's headless Chromium, on each server, down to the records in PocketBase.
 * <p>
 * Headless Chromium announces itself as {@code HeadlessChrome}, which bot detection rightly drops. This test
 * alone starts it with {@code --user-agent} set to the desktop Chrome string of the same version, so it
 * counts as the real browser it otherwise is; nothing in the tracker is relaxed for it.
 */
@ExtendWith({ItPocketBase.class, ArquillianExtension.class})
@ItPocketBase.WebsiteDomain("localhost")
class BrowserDemoIT {
    private static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
    private static final String CONTEXT = "/" + ItEnvironment.CONTEXT_ROOT + "/";
    private WebDriver browser;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ItEnvironment.war();
    }

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("skopos.it.chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--lang=en-GB", "--window-size=1280,1400", "--user-data-dir=" + profile,
                "--user-agent=" + USER_AGENT);
        browser = new ChromeDriver(options);
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    /** The demo as a visitor sees it: through localhost, the website's domain. */
    private static String page(String path) {
        return "http://localhost:" + ItEnvironment.application().getPort() + CONTEXT + path;
    }

    private static List<JsonObject> events(String filter) {
        return pocketBase().admin().list("events", filter);
    }

    /** What the demo page's live panel shows for one figure. */
    private String panelFigure(String name) {
        return browser.findElement(By.cssSelector("#today-panel [data-figure='" + name + "']")).getText();
    }

    /** Keeps what the browser shows in this server's test reports, to look at after the run. */
    private void saveScreenshot(String name) throws IOException {
        Path reports = Path.of(System.getProperty("skopos.it.reports-dir"));
        Files.createDirectories(reports);
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                reports.resolve(getClass().getSimpleName() + "-" + name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(page(path))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theLibraryServesTheBrowserScript() throws Exception {
        HttpResponse<String> script = get("skopos/skopos.js");

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).contains("javascript"));
        assertThat(script.body()).contains("sendBeacon").hasSizeLessThan(8 * 1024);
    }

    @Test
    void pageViewsClicksErrorsAndFormsLandInPocketBase() throws IOException {
        browser.get(page("index.html"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !events("type = 'pageView'").isEmpty());
        browser.findElement(By.id("buy")).click();
        browser.findElement(By.id("newsletter")).click();
        browser.findElement(By.id("break")).click();
        browser.findElement(By.id("reject")).click();
        browser.findElement(By.id("spa-pricing")).click();
        browser.findElement(By.id("hash-faq")).click();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(events("type = 'pageView'")).extracting(e -> e.getString("path"))
                    .contains(CONTEXT + "index.html", CONTEXT + "pricing");
            assertThat(events("eventName = 'buy_click'")).singleElement().satisfies(event -> {
                assertThat(event.getJsonObject("eventData").getString("plan")).isEqualTo("pro");
                assertThat(event.getJsonObject("eventData").getInt("price")).isEqualTo(29);
            });
            assertThat(events("eventName = 'newsletter_opt_in'")).hasSize(1);
            assertThat(pocketBase().admin().list("js_errors", null)).extracting(e -> e.getString("errorMessage"))
                    .anySatisfy(message -> assertThat(message).contains("missingFunction is not defined"))
                    .anySatisfy(message -> assertThat(message).contains("Payment service timed out"));
        });

        Object language = ((JavascriptExecutor) browser).executeScript("return navigator.language");
        List<JsonObject> sessions = pocketBase().admin().list("sessions", null);
        assertThat(sessions).singleElement().satisfies(session -> {
            assertThat(session.getString("browser")).isEqualTo("Chrome");
            assertThat(session.getString("os")).isEqualTo("Linux");
            assertThat(session.getString("entryPath")).isEqualTo(CONTEXT + "index.html");
            assertThat(session.getString("language")).isEqualTo(language).isNotEmpty();
        });

        // loading index.html, pushState to /pricing and #faq on it: three page views in one session
        try {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(panelFigure("pageViews")).isEqualTo("3");
                assertThat(panelFigure("visitors")).isEqualTo("1");
                assertThat(panelFigure("newReturning")).isEqualTo("1 / 0");
                assertThat(panelFigure("engagementRate")).isEqualTo("100 %");
                assertThat(panelFigure("activeUsers")).isEqualTo("1");
                assertThat(browser.findElement(By.cssSelector("#today-panel [data-list='topPages']")).getText())
                        .startsWith(CONTEXT + "pricing \u2014 2 (67 %)");
            });
        } finally {
            saveScreenshot("panel");
        }
    }

    @Test
    void thePanelsFiguresCarryNoCredentials() throws Exception {
        HttpResponse<String> stats = get("api/demo/stats");

        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(stats.body()).contains("\"pageViews\":")
                .doesNotContain(System.getenv("SKOPOS_ADMIN_PASSWORD"))
                .doesNotContain(System.getenv("SKOPOS_ADMIN_EMAIL"))
                .doesNotContain(System.getenv("SKOPOS_POCKETBASE_URL"));
    }

    @Test
    void formPostsRecordTheServerEventAndIdentifyTheVisitor() {
        browser.get(page("index.html"));
        browser.findElement(By.name("email")).sendKeys("ada@example.com");
        browser.findElement(By.id("signup")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("#signed-up"));
        browser.findElement(By.name("user")).sendKeys("ada-1815");
        browser.findElement(By.id("login")).click();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(events("eventName = 'user_signup'")).isNotEmpty();
            assertThat(pocketBase().admin().list("visitors", "userId = 'ada-1815'")).hasSize(1);
        });
    }
}
