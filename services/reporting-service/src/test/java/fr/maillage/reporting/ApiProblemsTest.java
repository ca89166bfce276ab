package fr.maillage.reporting;

import fr.maillage.testsupport.Http;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Invalid input is answered with problem+json that names the field, never with a 500. */
class ApiProblemsTest extends ReportingIntegrationTest {

    @Test
    void invalidQueryParametersAreProblemsNamingTheParameter() {
        Map<String, String> invalid = Map.ofEntries(
                Map.entry("/api/v1/overview?region=82", "region"), // Rhône-Alpes until 2016: no région today
                Map.entry("/api/v1/overview?departement=20", "departement"), // Corsica is 2A and 2B
                Map.entry("/api/v1/overview?region=11&departement=44", "departement"), // Loire-Atlantique is in 52
                Map.entry("/api/v1/activity?region=00", "region"),
                Map.entry("/api/v1/activity?from=2026-13", "from"),
                Map.entry("/api/v1/activity?to=26-01", "to"),
                Map.entry("/api/v1/activity?region=5", "region"),
                Map.entry("/api/v1/activity?category=KNITTING", "category"),
                Map.entry("/api/v1/activity?from=2026-05&to=2026-01", "from"),
                Map.entry("/api/v1/activity?from=2026-01-31&to=2026-01-01", "from"), // one month, dates reversed
                Map.entry("/api/v1/activity?from=2026-02-01&to=2026-01", "from"),
                Map.entry("/api/v1/overview?region=%24gt", "region"),
                Map.entry("/api/v1/overview?departement=999", "departement"),
                Map.entry("/api/v1/monthly-indicators?region=ab", "region"),
                Map.entry("/api/v1/activity?from=2026-02-30", "from"),
                Map.entry("/api/v1/activity?region=52&categorie=TRAINING", "categorie"));
        invalid.forEach((path, field) -> {
            Http.Answer answer = http.get(path, null);
            assertProblem(answer, 400);
            assertThat(answer.json().path("errors").get(0).path("field").asString()).as(path).isEqualTo(field);
        });
        for (String sameMonth : List.of("from=2026-01-31&to=2026-01", "from=2026-01&to=2026-01-01",
                "from=2026-01-01&to=2026-01-31", "from=2026-01-15&to=2026-01-15")) {
            assertThat(http.get("/api/v1/activity?" + sameMonth, null).status()).as(sameMonth).isEqualTo(200);
        }
        Http.Answer badId = http.get("/api/v1/activity/places/%20%24where", ANALYST_KEY);
        assertProblem(badId, 400);
    }

    @Test
    void anUndecodableQueryIsAProblemForTheApiAndIgnoredByThePageAndTheOpenDataFiles() throws Exception {
        for (String target : List.of("/api/v1/overview?departement=%C3%28", "/api/v1/activity?region=%zz",
                "/api/v1/activity?region=52&=x")) {
            String answer = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(target).startsWith("HTTP/1.1 400").containsIgnoringCase("application/problem+json")
                    .contains("Malformed query string");
        }
        // a link may add what it likes to a page or a file that reads no parameter (tracking, campaigns)
        for (String target : List.of("/?utm_campaign=f%EAte", "/api/v1/exports/third-places.csv?promo=100%")) {
            assertThat(raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                    .as(target).startsWith("HTTP/1.1 200");
        }
    }

    private String raw(String request) {
        return Http.raw(port, request);
    }

    @Test
    void wrongKeysMethodsAndPathsAreProblemsToo() {
        assertProblem(http.get("/api/v1/overview", "mlg_revoked_or_unknown"), 401);
        assertProblem(http.post("/api/v1/overview", null, "{}"), 405);
        assertProblem(http.get("/api/v1/nothing-here", null), 404);
        assertProblem(http.get("/actuator/metrics", null), 401);
        assertProblem(http.get("/actuator/metrics", ANALYST_KEY), 403);
        // its Kafka check gives the broker 2 s: a loaded machine may need a second look
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> http.get("/actuator/health", null).status() == 200);
        assertThat(http.get("/actuator/health/readiness", null).body()).contains("projections");
    }

    @Test
    void theDashboardIsAPageInFrenchAndAClientThatCannotTakeHtmlGetsAProblem() {
        for (String path : List.of("/", "/index.html")) {
            Http.Answer page = http.send(http.builder(path, null).GET(), Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.contentType()).as(path).startsWith("text/html");
            assertThat(page.header("Content-Language")).as(path).isEqualTo("fr");
            assertThat(page.body()).as(path).contains("<html lang=\"fr\">");
        }
        // what the page loads is checked at each load: a release's page never runs with an older script
        for (String asset : List.of("/dashboard.js", "/dashboard.css", "/regions.js")) {
            Http.Answer loaded = http.get(asset, null);
            assertThat(loaded.status()).as(asset).isEqualTo(200);
            assertThat(loaded.header("Cache-Control")).as(asset).contains("no-cache");
        }
        for (String accept : List.of("application/json", "image/png")) {
            Http.Answer refused = http.send(http.builder("/", null).GET(), Map.of("Accept", accept));
            assertProblem(refused, 406);
            assertThat(refused.json().path("detail").asString()).as(accept).contains("text/html");
        }
        Http.Answer csvAsJson = http.send(http.builder("/api/v1/exports/third-places.csv", null).GET(),
                Map.of("Accept", "application/json"));
        assertProblem(csvAsJson, 406);
        assertThat(csvAsJson.json().path("detail").asString()).contains("text/csv");
    }

    @Test
    void everyAnswerForbidsSniffingAndFramingAndThePageLoadsOnlyWhatTheServiceServes() {
        Http.Answer page = http.send(http.builder("/", null).GET(), Map.of("Accept", "text/html"));
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'", "frame-ancestors 'none'",
                "object-src 'none'");
        for (int i = 0; i < 2; i++) { // the second answer comes from the cache of public answers
            Http.Answer figures = http.get("/api/v1/overview", null);
            assertThat(figures.header("Content-Security-Policy")).as("answer " + i)
                    .isEqualTo("default-src 'none'; frame-ancestors 'none'");
            assertThat(figures.header("X-Content-Type-Options")).as("answer " + i).isEqualTo("nosniff");
        }
        Http.Answer refused = http.get("/api/v1/activity/networks", null);
        assertProblem(refused, 401);
        assertThat(refused.header("X-Content-Type-Options")).isEqualTo("nosniff");
        // problems written outside Spring's handlers: Tomcat's refusal of an encoded '/', a body announced over 1 MiB
        Http.Answer tomcat = http.get("/api/v1/a%2Fb", null);
        assertProblem(tomcat, 400);
        assertThat(tomcat.header("X-Content-Type-Options")).isEqualTo("nosniff");
        byte[] form = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(form, (byte) 'a');
        Http.Answer cut = http.send(http.builder("/api/v1/overview", null).method("PUT",
                        java.net.http.HttpRequest.BodyPublishers.ofByteArray(form)),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertProblem(cut, 413);
        assertThat(cut.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(cut.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
        for (String path : List.of("/dashboard.js", "/api/v1/exports/third-places.csv", "/v3/api-docs")) {
            Http.Answer answer = http.get(path, null);
            assertThat(answer.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(answer.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
        }
    }

    @Test
    void aClientAskingForProblemJsonGetsFiguresLabelledAsJson() {
        Http.Answer figures = http.send(http.builder("/api/v1/overview", null).GET(), Map.of("Accept", "application/problem+json"));
        assertThat(figures.status()).isEqualTo(200);
        assertThat(figures.contentType()).startsWith("application/json");
    }

    @Test
    void everyPublicEndpointAnswersWithoutAKey() {
        for (String path : List.of("/", "/api/v1/overview", "/api/v1/fabriques", "/api/v1/facilitators-summary",
                "/api/v1/activity", "/api/v1/monthly-indicators", "/api/v1/premises-summary", "/api/v1/funds-summary",
                "/api/v1/exports/third-places.csv", "/api/v1/exports/third-places.json",
                "/api/v1/exports/third-places.schema.json", "/webjars/chart.js/4.4.1/dist/chart.umd.js",
                "/dashboard.js", "/dashboard.css", "/regions.js")) {
            assertThat(http.get(path, null).status()).as(path).isEqualTo(200);
        }
        var docs = http.get("/v3/api-docs", null).json();
        assertThat(docs.at("/paths/~1api~1v1~1overview/get/security").isArray()).as("a public read says it needs no key").isTrue();
        assertThat(docs.at("/paths/~1api~1v1~1overview/get/security").size()).isZero();
        assertThat(docs.at("/paths/~1api~1v1~1activity~1places~1{thirdPlaceId}/get/security").isMissingNode())
                .as("an analyst's read keeps the document's key requirement").isTrue();
        assertThat(docs.at("/paths/~1api~1v1~1admin~1rebuild/post/responses").has("202")).as("a rebuild answers 202").isTrue();
        assertThat(docs.at("/paths/~1api~1v1~1admin~1rebuild/post/responses").has("200")).isFalse();
        assertThat(docs.at("/paths/~1api~1v1~1stream/get/responses/4XX/content").has("application/problem+json"))
                .as("a public endpoint's errors are problems too").isTrue();
    }
}
