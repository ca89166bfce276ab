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
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Headless Chromium is not installed here; to run this test: apt-get install -y chromium chromium-driver");
        seedANetwork();

        ChromeDriverService service = chromedriver();
        WebDriver driver = new ChromeDriver(service, options());
        try {
            driver.get("http://localhost:" + port + "/");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            assertThat(driver.getTitle()).contains("tiers-lieux");
            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
            wait.until(page -> page.findElement(By.id("etat-direct")).getAttribute("class").contains("actif"));
            long before = wait.until(page -> number(page.findElement(TOTAL).getText()));
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
            for (WebElement region : driver.findElements(By.cssSelector("#carte [data-region]"))) {
                String label = region.getAttribute("aria-label");
                long count = number(label.substring(label.indexOf(':')));
                assertThat(label).as("French agreement").endsWith(count < 2 ? " tiers-lieu" : " tiers-lieux");
            }

            wait.until(page -> !page.findElement(By.id("fonds-totaux")).getText().equals("—"));
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
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Headless Chromium is not installed here; to run this test: apt-get install -y chromium chromium-driver");
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

            for (InputStream occupant : occupants) {
                occupant.close();
            }
            wait.until(page -> page.findElement(By.id("etat-direct")).getAttribute("class").contains("actif"));
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
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Headless Chromium is not installed here; to run this test: apt-get install -y chromium chromium-driver");
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
