package fr.maillage.reporting;

import fr.maillage.events.CloudEvent;
import fr.maillage.events.activity.ActivityEvents;
import fr.maillage.events.activity.ActivityReportPublished;
import fr.maillage.events.activity.ActivityTopics;
import fr.maillage.events.partnership.FundOpened;
import fr.maillage.events.partnership.FundState;
import fr.maillage.events.partnership.PartnershipEvents;
import fr.maillage.events.partnership.PartnershipTopics;
import fr.maillage.events.partnership.PremisesOffered;
import fr.maillage.events.partnership.PremisesState;
import fr.maillage.events.registry.RegistryTopics;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in headless Chromium: a tiers-lieu registered through the registry's stream shows
 * in the total without a reload. Leaves a screenshot in {@code target/dashboard.png}. Also Swagger
 * UI, under its content security policy.
 */
class DashboardBrowserTest extends ReportingIntegrationTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final By TOTAL = By.cssSelector("[data-testid=total-third-places]");

    @TempDir
    Path profile;

    @Test
    void theTotalOfTiersLieuxChangesLiveWhenAPlaceIsRegistered() throws Exception {
        assumeChromium();
        seedANetwork();
        awaitCaughtUp(); // no seed event left to arrive: the +1 below is the new place's
        long before = getJson("/api/v1/overview", null).path("total").asLong();

        ChromeDriverService service = chromedriver();
        WebDriver driver = new ChromeDriver(service, options());
        try {
            driver.get("http://localhost:" + port + "/");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            assertThat(driver.getTitle()).contains("tiers-lieux");
            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
            wait.until(page -> page.findElement(By.id("etat-direct")).getAttribute("class").contains("actif"));
            wait.until(page -> Long.valueOf(before).equals(number(page.findElement(TOTAL).getText())));
            wait.until(page -> page.findElements(By.cssSelector("#carte [data-region]")).size() == 18);
            JavascriptExecutor js = (JavascriptExecutor) driver;
            js.executeScript("window.pasRecharge = true;");

            place(unique("selenium"), "84").name("La Fabrique des Pentes").send();

            long after = wait.until(page -> {
                Long shown = number(page.findElement(TOTAL).getText());
                return shown != null && shown == before + 1 ? shown : null;
            });
            assertThat(after).isEqualTo(before + 1);
            assertThat(js.executeScript("return window.pasRecharge === true;")).as("no reload").isEqualTo(true);
            long largest = 0;
            for (WebElement region : driver.findElements(By.cssSelector("#carte [data-region]"))) {
                String label = region.getAttribute("aria-label");
                long count = number(label.substring(label.indexOf(':')));
                largest = Math.max(largest, count);
                assertThat(label).as("French agreement").endsWith(count < 2 ? " tiers-lieu" : " tiers-lieux");
            }
            long most = largest;
            assertThat(driver.findElements(By.cssSelector("#carte [data-region]"))).filteredOn(region -> {
                String label = region.getAttribute("aria-label");
                return number(label.substring(label.indexOf(':'))) == most;
            }).allSatisfy(region -> assertThat(region.findElement(By.tagName("rect")).getAttribute("fill"))
                    .as("the largest count takes the legend's darkest shade").isEqualTo("#000091"));
            assertThat(driver.findElement(By.id("total-tiers-lieux-libelle")).getText()).as("agreed with the figure")
                    .isEqualTo(after < 2 ? "tiers-lieu enregistré" : "tiers-lieux enregistrés");
            long participants = getJson("/api/v1/activity", null).path("participants").asLong();
            wait.until(page -> Long.valueOf(participants).equals(number(page.findElement(By.id("participants")).getText())));
            assertThat(driver.findElement(By.id("participants-libelle")).getText())
                    .isEqualTo((participants < 2 ? "participant" : "participants") + " aux activités déclarées");

            wait.until(page -> !page.findElement(By.id("fonds-totaux")).getText().equals("—"));
            // to the euro: a rounded « 17,4 M€ sur 20 M€ » would hide what is left
            wait.until(page -> squeezed(page.findElement(By.id("fonds-liste")).getText())
                    .contains("17400000€engagéssur20000000€·disponible:2600000€"));
            assertThat(((Number) ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;")).longValue())
                    .as("nothing wider than the window").isLessThanOrEqualTo(0);
            for (WebElement table : driver.findElements(By.cssSelector("table.tableau"))) {
                assertThat(table.findElements(By.tagName("caption"))).as("table %s has a title", table.getAttribute("id"))
                        .hasSize(1);
            }
            awaitCaughtUp();
            // the headline counts the premises still on offer, applications or not (the seed has an APPLIED one)
            JsonNode premises = getJson("/api/v1/premises-summary", null);
            long onOffer = premises.path("byStatus").path("OFFERED").asLong()
                    + premises.path("byStatus").path("APPLIED").asLong();
            assertThat(premises.path("onOffer").asLong()).isEqualTo(onOffer);
            assertThat(premises.path("byStatus").path("OFFER_ENDED").asLong()).as("the offer ended in 2025")
                    .isPositive();
            wait.until(page -> Long.valueOf(onOffer).equals(number(page.findElement(By.id("locaux-proposes")).getText())));
            assertThat(driver.findElement(By.id("locaux-statuts")).getText())
                    .contains("Disponibilité échue, sans réservation");
            // networks: those with members, counted and ranked; a Fabrique without any is neither
            long animated = getJson("/api/v1/fabriques", null).path("animatedNetworks").asLong();
            wait.until(page -> Long.valueOf(animated).equals(number(page.findElement(By.id("fabriques-reseaux")).getText())));
            assertThat(driver.findElements(By.cssSelector("#fabriques-classement strong")))
                    .extracting(WebElement::getText).isNotEmpty().noneMatch(members -> members.startsWith("0 "));
            Thread.sleep(500); // let the chart finish its first layout
            for (int i = 0; i < 3; i++) { // the window's inner height is less than its size: grow until all fits
                long page = ((Number) js.executeScript("return document.documentElement.scrollHeight;")).longValue();
                long inner = ((Number) js.executeScript("return window.innerHeight;")).longValue();
                Dimension size = driver.manage().window().getSize();
                driver.manage().window().setSize(new Dimension(1400,
                        (int) Math.min(size.getHeight() + Math.max(0, page - inner), 8000)));
                Thread.sleep(300);
            }
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Path target = Path.of("target", "dashboard.png");
            Files.createDirectories(target.getParent());
            Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(target)).isPositive();
        } finally {
            driver.quit();
            service.stop();
        }
    }

    @Test
    void aPageWhoseStreamWasRefusedOpensItAgainLater() throws Exception {
        assumeChromium();
        // every stream this client address may hold (8), taken from here before the page asks for one
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<InputStream> occupants = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (occupants.size() < 8) {
            HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/stream")).build(), HttpResponse.BodyHandlers.ofInputStream());
            if (stream.statusCode() == 200) {
                occupants.add(stream.body());
                continue;
            }
            // a stream of an earlier test, still counted until the server notices it closed: all
            // eight are taken from here, or it would be freed while the page starts and let it in
            stream.body().close();
            assertThat(System.nanoTime()).as("8 streams open from this address within 30 s").isLessThan(deadline);
            Thread.sleep(250);
        }
        ChromeDriverService service = chromedriver();
        WebDriver driver = new ChromeDriver(service, options());
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get("http://127.0.0.1:" + port + "/"); // the address the streams above came from
            wait.until(page -> page.findElement(By.id("etat-texte")).getText().contains("nouvelle tentative dans"));
            assertThat(driver.findElement(By.id("etat-direct")).getAttribute("class")).doesNotContain("actif");
            // refused for as long as others hold the address's streams: the figures are read again meanwhile
            long refused = wait.until(page -> number(page.findElement(TOTAL).getText()));
            place(unique("while-refused"), "84").send();
            wait.until(page -> {
                Long shown = number(page.findElement(TOTAL).getText());
                return shown != null && shown == refused + 1;
            });
            assertThat(driver.findElement(By.id("etat-direct")).getAttribute("class")).doesNotContain("actif");

            for (InputStream occupant : occupants) {
                occupant.close();
            }
            // the page's next try may be up to a minute and a half away by now (its waits double)
            new WebDriverWait(driver, Duration.ofSeconds(150))
                    .until(page -> page.findElement(By.id("etat-direct")).getAttribute("class").contains("actif"));
            long before = wait.until(page -> number(page.findElement(TOTAL).getText()));
            place(unique("after-refusal"), "84").send();
            wait.until(page -> {
                Long shown = number(page.findElement(TOTAL).getText());
                return shown != null && shown == before + 1;
            });
        } finally {
            for (InputStream occupant : occupants) {
                occupant.close();
            }
            driver.quit();
            service.stop();
        }
    }

    @Test
    void theApiDocumentationRendersUnderItsContentSecurityPolicyWithNothingRefused() throws Exception {
        assumeChromium();
        HttpResponse<Void> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/swagger-ui/index.html")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(page.headers().firstValue("Content-Security-Policy")).get(InstanceOfAssertFactories.STRING)
                .contains("default-src 'self'", "object-src 'none'", "frame-ancestors 'none'");

        ChromeDriverService service = chromedriver();
        ChromeOptions options = options();
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        WebDriver driver = new ChromeDriver(service, options);
        try {
            driver.get("http://localhost:" + port + "/swagger-ui.html");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            // an operation of the API drawn: the scripts ran and the page fetched /v3/api-docs
            wait.until(shown -> !shown.findElements(By.cssSelector(".opblock-summary-path")).isEmpty());
            assertThat(driver.findElements(By.cssSelector(".opblock-summary-path"))).extracting(WebElement::getText)
                    .contains("/api/v1/activity");
            ((JavascriptExecutor) driver).executeScript("console.error('maillage: the log is read');");
            List<String> messages = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::getMessage).toList();
            assertThat(messages).as("the browser's log is read").anyMatch(message -> message.contains("the log is read"));
            assertThat(messages).as("nothing refused by the policy").noneMatch(message ->
                    message.contains("Content Security Policy") || message.contains("Refused to"));
        } finally {
            driver.quit();
            service.stop();
        }
    }

    @Test
    void aBlockWhoseFetchFailedIsFetchedAgainWithoutWaitingForAnotherChange() throws Exception {
        assumeChromium();
        try (Browser browser = new Browser().live("http://localhost:" + port + "/", true)) {
            WebDriverWait wait = browser.wait;
            JavascriptExecutor js = browser.driver;
            // at load, then once for the stream's first summary: the page is at rest
            wait.until(page -> fetches(js, FUNDS) >= 2);
            js.executeScript("window.echecsAVenir['" + FUNDS + "'] = 1;");

            String name = "Fonds d'essai " + unique("retry");
            String id = unique("retried-fund");
            send(PartnershipTopics.EVENTS, id, cloudEvent(PartnershipEvents.FUND_OPENED, id, new FundOpened(id, 1,
                    Instant.now(), new FundState(id, 1, "ENDOWMENT", 2031, name, 1_000_000, 0, Instant.now()))));

            // the fetch this change asked for fails; nothing else changes, so only a retry shows the fund
            wait.until(page -> page.findElement(By.id("fonds-liste")).getText().contains(name));
            assertThat(js.executeScript("return window.echecsAVenir['" + FUNDS + "'];")).as("the failure happened")
                    .isEqualTo(0L);
        }
    }

    @Test
    void whileFiguresKeepChangingAPageFetchesItsBreakdownsAtMostEveryFiveSeconds() throws Exception {
        assumeChromium();
        try (Browser browser = new Browser().live("http://localhost:" + port + "/", true)) {
            WebDriverWait wait = browser.wait;
            JavascriptExecutor js = browser.driver;
            wait.until(page -> fetches(js, ACTIVITY) >= 2);

            long before = fetches(js, ACTIVITY);
            long start = System.nanoTime();
            String place = unique("busy-place");
            for (int i = 0; i < 60; i++) { // a change every 150 ms: the stream pushes at most every 250 ms
                ActivityReportPublished report = new ActivityReportPublished("seed-publisher", unique("busy"), 1, place,
                        LocalDate.of(2026, 3, 2), "TRAINING", 3, 1, List.of(), "84", "69", place, Instant.now());
                send(ActivityTopics.EVENTS, place, cloudEvent(ActivityEvents.REPORT_PUBLISHED, place, report));
                Thread.sleep(150);
            }
            long fetched = fetches(js, ACTIVITY) - before;
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(fetched).as("%d fetches of the activity in %.1f s of changes", fetched, seconds)
                    .isBetween(1L, (long) Math.ceil(seconds / 5) + 1);
            // the headline follows the stream's summary all the same
            awaitCaughtUp();
            long counted = getJson("/api/v1/activity", null).path("participants").asLong();
            wait.until(page -> Long.valueOf(counted).equals(number(page.findElement(By.id("participants")).getText())));
        }
    }

    @Test
    void updatesCanBePausedAndATableWhoseFiguresDidNotChangeIsNotRebuilt() throws Exception {
        assumeChromium();
        try (Browser browser = new Browser().live("http://localhost:" + port + "/", false)) {
            ChromeDriver driver = browser.driver;
            WebDriverWait wait = browser.wait;
            JavascriptExecutor js = driver;
            wait.until(page -> page.findElements(By.cssSelector("#tableau-regions tbody tr")).size() == 18);
            js.executeScript("window.ligneTenue = document.querySelector('#tableau-regions tbody tr');");

            // activity only: the overview pushed with it is the same, so the régions' rows stay as they are
            String place = unique("quiet-place");
            ActivityReportPublished report = new ActivityReportPublished("seed-publisher", unique("quiet"), 1, place,
                    LocalDate.of(2026, 4, 2), "WORKSHOP", 7, 2, List.of(), "84", "69", place, Instant.now());
            send(ActivityTopics.EVENTS, place, cloudEvent(ActivityEvents.REPORT_PUBLISHED, place, report));
            awaitCaughtUp();
            long participants = getJson("/api/v1/activity", null).path("participants").asLong();
            wait.until(page -> Long.valueOf(participants).equals(number(page.findElement(By.id("participants")).getText())));
            assertThat(js.executeScript("return document.body.contains(window.ligneTenue);")).as("row kept")
                    .isEqualTo(true);

            WebElement pause = driver.findElement(By.id("pause"));
            assertThat(js.executeScript("return getComputedStyle(document.getElementById('etat-pause')).display;"))
                    .as("a live region hidden until it speaks is not announced").isNotEqualTo("none");
            pause.click();
            assertThat(pause.getAttribute("aria-pressed")).isEqualTo("true");
            assertThat(pause.getText()).as("a toggle keeps its label; aria-pressed says it is on")
                    .isEqualTo("Mettre en pause les mises à jour");
            assertThat(driver.findElement(By.id("etat-pause")).getText()).contains("en pause");
            assertThat(driver.findElement(By.id("etat-texte")).getText()).isEqualTo("En pause");
            long before = number(driver.findElement(TOTAL).getText());
            place(unique("while-paused"), "84").send();
            awaitJson("/api/v1/overview", null, overview -> overview.path("total").asLong() == before + 1);
            Thread.sleep(2_000); // eight of the stream's push intervals: the page has been sent the new total
            assertThat(number(driver.findElement(TOTAL).getText())).as("nothing drawn while paused").isEqualTo(before);

            pause.click();
            assertThat(pause.getAttribute("aria-pressed")).isEqualTo("false");
            assertThat(driver.findElement(By.id("etat-texte")).getText()).isEqualTo("En direct");
            wait.until(page -> Long.valueOf(before + 1).equals(number(page.findElement(TOTAL).getText())));
        }
    }

    @Test
    void monthsWithoutActivityShowAsZeroBetweenTheOthers() throws Exception {
        assumeChromium();
        String place = unique("gap-place");
        for (LocalDate day : List.of(LocalDate.of(2025, 9, 10), LocalDate.of(2025, 12, 3))) { // none in between
            ActivityReportPublished report = new ActivityReportPublished("seed-publisher", unique("gap"), 1, place,
                    day, "EVENT", 12, 2, List.of(), "84", "69", place, Instant.now());
            send(ActivityTopics.EVENTS, place, cloudEvent(ActivityEvents.REPORT_PUBLISHED, place, report));
        }
        awaitCaughtUp();
        JsonNode byMonth = getJson("/api/v1/activity", null).path("byMonth");
        assertThat(byMonth.has("2025-09")).isTrue();
        assertThat(byMonth.has("2025-12")).isTrue();

        try (Browser browser = new Browser().live("http://localhost:" + port + "/", false)) {
            ChromeDriver driver = browser.driver;
            browser.wait.until(page -> !page.findElements(By.cssSelector("#tableau-mois tbody tr")).isEmpty());
            List<WebElement> rows = driver.findElements(By.cssSelector("#tableau-mois tbody tr"));
            List<java.time.YearMonth> months = rows.stream()
                    .map(row -> java.time.YearMonth.parse(row.getAttribute("data-mois"))).toList();
            for (int i = 1; i < months.size(); i++) {
                assertThat(months.get(i)).as("the month after %s", months.get(i - 1)).isEqualTo(months.get(i - 1).plusMonths(1));
            }
            java.time.YearMonth first = byMonth.propertyNames().stream().map(java.time.YearMonth::parse)
                    .min(java.util.Comparator.naturalOrder()).orElseThrow();
            java.time.YearMonth last = months.get(months.size() - 1);
            boolean cut = first.plusMonths(23).isBefore(last);
            assertThat(months).hasSize(cut ? 24 : (int) first.until(last, java.time.temporal.ChronoUnit.MONTHS) + 1);
            assertThat(driver.findElement(By.id("mois-anterieurs")).getAttribute("textContent"))
                    .as("says whether earlier months are left out").satisfies(note -> {
                        if (cut) {
                            assertThat(note).contains("24 derniers mois");
                        } else {
                            assertThat(note).isEmpty();
                        }
                    });
            for (WebElement row : rows) {
                String month = row.getAttribute("data-mois");
                long reports = byMonth.path(month).path("reports").asLong(); // 0 for a month without any
                assertThat(number(row.findElements(By.tagName("td")).get(0).getAttribute("textContent")))
                        .as("activities in %s", month).isEqualTo(reports);
            }
            assertThat(months).as("a month without activity between two with some")
                    .anyMatch(month -> !byMonth.has(month.toString()));
        }
    }

    @Test
    void aStreamThatFallsSilentWithoutClosingIsOpenedAgain() throws Exception {
        assumeChromium();
        try (MutableProxy proxy = new MutableProxy(port);
             Browser browser = new Browser().live("http://localhost:" + proxy.port() + "/", false)) {
            WebDriverWait wait = browser.wait;
            long before = wait.until(page -> number(page.findElement(TOTAL).getText()));
            long opened = proxy.streams();

            // what a proxy that dropped the connection without a word looks like: nothing more comes
            proxy.muteOpenStreams();
            place(unique("behind-silence"), "84").send();

            // three heartbeats (1 s in the tests) missed: the page opens a stream of its own again
            wait.until(page -> Long.valueOf(before + 1).equals(number(page.findElement(TOTAL).getText())));
            assertThat(proxy.streams()).as("a stream opened after the silence").isGreaterThan(opened);
            wait.until(page -> page.findElement(By.id("etat-direct")).getAttribute("class").contains("actif"));
        }
    }

    /** Headless Chromium and its driver, closed together. */
    private final class Browser implements AutoCloseable {
        final ChromeDriverService service = chromedriver();
        final ChromeDriver driver = new ChromeDriver(service, options());
        final WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));

        /** Opens the page (its fetches counted from the first, if asked) and waits until it is live. */
        Browser live(String address, boolean countingFetches) {
            if (countingFetches) {
                countFetches(driver);
            }
            driver.get(address);
            wait.until(page -> page.findElement(By.id("etat-direct")).getAttribute("class").contains("actif"));
            return this;
        }

        @Override
        public void close() {
            driver.quit();
            service.stop();
        }
    }

    private static final String FUNDS = "/api/v1/funds-summary";
    private static final String ACTIVITY = "/api/v1/activity";

    /** Counts the page's fetches by address, and fails those a test asks to, before any script of the page runs. */
    private static void countFetches(ChromeDriver driver) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.appels = {};
                window.echecsAVenir = {};
                (function () {
                  var original = window.fetch;
                  window.fetch = function (adresse, options) {
                    var chemin = String(adresse);
                    window.appels[chemin] = (window.appels[chemin] || 0) + 1;
                    if (window.echecsAVenir[chemin] > 0) {
                      window.echecsAVenir[chemin]--;
                      return Promise.reject(new TypeError('network cut by the test'));
                    }
                    return original.call(window, adresse, options);
                  };
                }());
                """));
    }

    private static long fetches(JavascriptExecutor js, String path) {
        Object count = js.executeScript("return window.appels['" + path + "'] || 0;");
        return ((Number) count).longValue();
    }

    private static String squeezed(String text) {
        return text.replaceAll("[\\s\\u00a0\\u202f]", "");
    }

    private static void assumeChromium() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Headless Chromium is not installed here; to run this test: apt-get install -y chromium chromium-driver");
    }

    /**
     * A TCP relay in front of the service whose streams ({@code GET /api/v1/stream}) can be made to
     * stop passing the service's bytes while staying open, as a proxy that dropped them silently
     * would. Other connections (the page's fetches) pass as they are.
     */
    private static final class MutableProxy implements AutoCloseable {
        private final java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final int target;
        /** Per connection: whether it carried a stream, and whether it is muted. */
        private final List<java.util.concurrent.atomic.AtomicBoolean[]> connections = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final List<java.net.Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

        MutableProxy(int target) throws java.io.IOException {
            this.target = target;
            Thread acceptor = new Thread(this::accept, "mutable-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        long streams() {
            return connections.stream().filter(flags -> flags[0].get()).count();
        }

        void muteOpenStreams() {
            connections.stream().filter(flags -> flags[0].get()).forEach(flags -> flags[1].set(true));
        }

        private void accept() {
            try {
                while (!server.isClosed()) {
                    java.net.Socket client = server.accept();
                    java.net.Socket upstream = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), target);
                    sockets.add(client);
                    sockets.add(upstream);
                    java.util.concurrent.atomic.AtomicBoolean streaming = new java.util.concurrent.atomic.AtomicBoolean();
                    java.util.concurrent.atomic.AtomicBoolean muted = new java.util.concurrent.atomic.AtomicBoolean();
                    connections.add(new java.util.concurrent.atomic.AtomicBoolean[] {streaming, muted});
                    pump(client.getInputStream(), upstream.getOutputStream(), streaming, new java.util.concurrent.atomic.AtomicBoolean());
                    pump(upstream.getInputStream(), client.getOutputStream(), new java.util.concurrent.atomic.AtomicBoolean(), muted);
                }
            } catch (java.io.IOException closed) {
                // the test is over
            }
        }

        private static void pump(InputStream from, java.io.OutputStream to, java.util.concurrent.atomic.AtomicBoolean streaming,
                                 java.util.concurrent.atomic.AtomicBoolean muted) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try {
                    for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                        if (new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).contains("GET /api/v1/stream ")) {
                            streaming.set(true);
                        }
                        if (!muted.get()) { // muted: read and dropped, so the sender never notices
                            to.write(buffer, 0, n);
                            to.flush();
                        }
                    }
                    to.close();
                } catch (java.io.IOException gone) {
                    // either side closed
                }
            }, "mutable-proxy-pump");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
            for (java.net.Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private static ChromeDriverService chromedriver() {
        return new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    }

    private ChromeOptions options() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1400,1000", "--lang=fr-FR");
        return options;
    }

    private static Long number(String text) {
        String digits = text.replaceAll("\\D", "");
        return digits.isEmpty() ? null : Long.parseLong(digits);
    }

    /** A plausible network across the régions, so that the screenshot shows every part of the page. */
    private static void seedANetwork() {
        Random random = new Random(2019);
        Map<String, Integer> placesByRegion = Map.ofEntries(Map.entry("11", 9), Map.entry("24", 3), Map.entry("27", 4),
                Map.entry("28", 4), Map.entry("32", 6), Map.entry("44", 6), Map.entry("52", 7), Map.entry("53", 6),
                Map.entry("75", 8), Map.entry("76", 8), Map.entry("84", 9), Map.entry("93", 5), Map.entry("01", 1),
                Map.entry("02", 1), Map.entry("04", 2), Map.entry("06", 1));
        List<Map.Entry<String, CloudEvent>> registry = new ArrayList<>();
        List<String> fabriques = new ArrayList<>();
        placesByRegion.forEach((region, count) -> {
            for (int i = 0; i < count; i++) {
                String id = unique("seed-" + region);
                PlaceBuilder place = place(id, region).sizeClass(random.nextBoolean() ? "UNDER_3500" : "FROM_3500_TO_20000")
                        .facilitators(1 + random.nextInt(2), random.nextInt(2));
                if (random.nextInt(3) == 0) {
                    place.metropole("2000" + region).sizeClass("FROM_100000");
                }
                if (i == 0 && count > 3) {
                    place.label(random.nextBoolean() ? "QPV" : "RURAL", 1 + random.nextInt(3));
                    fabriques.add(id);
                } else if (!fabriques.isEmpty() && random.nextBoolean()) {
                    place.network(fabriques.get(fabriques.size() - 1));
                }
                registry.add(Map.entry(id, place.event()));
            }
        });
        sendAll(RegistryTopics.EVENTS, registry);

        List<Map.Entry<String, CloudEvent>> activity = new ArrayList<>();
        String[] categories = {"TRAINING", "WORKSHOP", "EVENT", "DIGITAL_MEDIATION", "BUSINESS_SUPPORT"};
        for (int i = 0; i < 240; i++) {
            String fabrique = fabriques.get(random.nextInt(fabriques.size()));
            ActivityReportPublished report = new ActivityReportPublished("seed-publisher", unique("seed-report"), 1,
                    fabrique, LocalDate.of(2026, 1 + i % 11, 1 + random.nextInt(28)), categories[random.nextInt(5)],
                    5 + random.nextInt(30) + (i % 11) * 3, 1 + random.nextInt(6), List.of(), "84", "69", fabrique,
                    Instant.now());
            activity.add(Map.entry(fabrique, cloudEvent(ActivityEvents.REPORT_PUBLISHED, fabrique, report)));
        }
        sendAll(ActivityTopics.EVENTS, activity);

        List<Map.Entry<String, CloudEvent>> partnership = new ArrayList<>();
        // the last one's offer ended in 2025 without a reservation: not on offer any more
        String[][] premises = {{"OFFERED", "FREE", "52"}, {"OFFERED", "MODERATE_RENT", "76"}, {"APPLIED", "FREE", "32"},
                {"RESERVED", "MODERATE_RENT", "44"}, {"AGREEMENT_SIGNED", "FREE", "84"}, {"OFFERED", "MARKET_RENT", "11"},
                {"APPLIED", "FREE", "53", "2025-12-31"}};
        for (String[] p : premises) {
            String id = unique("seed-premises");
            LocalDate from = p.length > 3 ? LocalDate.of(2025, 1, 1) : LocalDate.of(2027, 1, 1);
            LocalDate until = p.length > 3 ? LocalDate.parse(p[3]) : null;
            partnership.add(Map.entry(id, cloudEvent(PartnershipEvents.PREMISES_OFFERED, id, new PremisesOffered(id, 1,
                    Instant.now(), new PremisesState(id, 1, "seed-authority", "00000", "Commune", p[2], p[2], "1 rue",
                            150, "OFFICE", p[1], 200L, from, until, p[0], 0, null, Instant.now())))));
        }
        long[][] funds = {{2019, 20_000_000, 17_400_000}, {2020, 20_000_000, 12_150_000}, {2021, 20_000_000, 4_600_000}};
        for (long[] f : funds) {
            String id = unique("seed-endowment-" + f[0]);
            partnership.add(Map.entry(id, cloudEvent(PartnershipEvents.FUND_OPENED, id, new FundOpened(id, 1, Instant.now(),
                    new FundState(id, 1, "ENDOWMENT", (int) f[0], "Fonds de dotation " + f[0], f[1], f[2], Instant.now())))));
        }
        String investment = unique("seed-investment");
        partnership.add(Map.entry(investment, cloudEvent(PartnershipEvents.FUND_OPENED, investment, new FundOpened(
                investment, 1, Instant.now(), new FundState(investment, 1, "INVESTMENT", null,
                        "Fonds d'investissement à impact social", 50_000_000, 8_250_000, Instant.now())))));
        sendAll(PartnershipTopics.EVENTS, partnership);
    }
}
