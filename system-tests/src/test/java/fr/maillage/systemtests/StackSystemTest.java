package fr.maillage.systemtests;

import static fr.maillage.systemtests.LaunchedStack.REGISTRY;
import static fr.maillage.systemtests.LaunchedStack.REPORTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole stack as a user runs it ({@link LaunchedStack}: {@code ./maillage up} on shifted ports,
 * its own {@code MAILLAGE_HOME}): a tiers-lieu registered with the national key shows up in the
 * national overview through Kafka. Other system tests share the stack and may have registered
 * tiers-lieux before, so the overview is compared with what it counted just before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
@ExtendWith(LaunchedStack.Shared.class)
class StackSystemTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final LaunchedStack stack;

    StackSystemTest(LaunchedStack stack) {
        this.stack = stack;
    }

    @Test
    @Order(1)
    void aThirdPlaceRegisteredNationallyReachesTheNationalOverview() throws Exception {
        String nationalKey = stack.nationalKey();
        JsonNode before = caughtUpOverview(nationalKey);

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(LaunchedStack.url(REGISTRY, "/api/v1/third-places"))
                        .header("Authorization", "Bearer " + nationalKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Le Solilab\",\"communeCode\":\"44109\"}"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as("POST /api/v1/third-places: %s", created.body()).isEqualTo(201);
        JsonNode place = json.readTree(created.body());
        assertThat(place.path("id").asString()).as("id in %s", created.body()).isNotBlank();
        assertThat(place.has("version")).as("version in %s", created.body()).isTrue();
        JsonNode commune = place.path("commune");
        assertThat(commune.path("code").asString()).isEqualTo("44109");
        assertThat(commune.path("region").asString()).isEqualTo("52");
        assertThat(commune.path("departement").asString()).isEqualTo("44");
        assertThat(commune.path("metropole").isNull() || commune.path("metropole").isMissingNode())
                .as("commune.metropole in %s", created.body()).isFalse();

        await("the national overview counts the new tiers-lieu")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    HttpResponse<String> response = get(REPORTING, "/api/v1/overview");
                    assertThat(response.statusCode()).as("GET /api/v1/overview: %s", response.body()).isEqualTo(200);
                    JsonNode overview = json.readTree(response.body());
                    assertThat(overview.path("total").asLong()).as("total in %s", response.body())
                            .isEqualTo(before.path("total").asLong() + 1);
                    assertThat(overview.path("byRegion").path("52").asLong()).as("byRegion.52 in %s", response.body())
                            .isEqualTo(before.path("byRegion").path("52").asLong() + 1);
                    assertThat(overview.path("byTerritory").path("METROPOLE").asLong())
                            .as("byTerritory.METROPOLE in %s", response.body())
                            .isEqualTo(before.path("byTerritory").path("METROPOLE").asLong() + 1);
                    assertThat(overview.path("byTerritory").path("OTHER").asLong())
                            .as("byTerritory.OTHER in %s", response.body())
                            .isEqualTo(before.path("byTerritory").path("OTHER").asLong());
                });
    }

    @Test
    @Order(2)
    void everyServiceIsHealthy() throws Exception {
        for (int port : List.of(REGISTRY, LaunchedStack.ACTIVITY, LaunchedStack.PARTNERSHIP, REPORTING)) {
            HttpResponse<String> health = get(port, "/actuator/health");
            assertThat(health.statusCode()).as("health on %d: %s", port, health.body()).isEqualTo(200);
            assertThat(json.readTree(health.body()).path("status").asString()).as("health on %d", port).isEqualTo("UP");
        }
    }

    @Test
    @Order(3)
    void aWriteWithoutKeyIsRefusedWithAProblem() throws Exception {
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(LaunchedStack.url(REGISTRY, "/api/v1/third-places"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Sans clé\",\"communeCode\":\"44109\"}"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as("POST without key: %s", refused.body()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).as("Content-Type of the 401")
                .get(STRING).startsWith("application/problem+json");
    }

    @Test
    @Order(4)
    void aSecondUpChangesNothing() throws Exception {
        Map<String, Long> before = stack.pids();
        assertThat(before).as("pids before a second up").containsOnlyKeys(LaunchedStack.PARTS);
        LaunchedStack.Launch again = stack.maillage("up", "stack-up-again.log");
        assertThat(again.exitCode()).as("second ./maillage up exit status; its output:%n%s", again.output()).isZero();
        assertThat(stack.pids()).as("pids after a second up").isEqualTo(before);
    }

    @Test
    @Order(5)
    void rebuildsTheProjectionsOnTheEmbeddedStoreTwiceWithTheSameOverview() throws Exception {
        String nationalKey = stack.nationalKey();
        JsonNode before = caughtUpOverview(nationalKey);
        for (int run = 1; run <= 2; run++) { // the second drops the first's collections
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(LaunchedStack.url(REPORTING, "/api/v1/admin/rebuild"))
                            .header("Authorization", "Bearer " + nationalKey).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as("rebuild %d: %s", run, started.body()).isEqualTo(202);
            int attempt = run;
            await("rebuild " + run + " swapped in").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        HttpResponse<String> status = http.send(HttpRequest.newBuilder(
                                        LaunchedStack.url(REPORTING, "/api/v1/admin/rebuild"))
                                .header("Authorization", "Bearer " + nationalKey)
                                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                        String state = json.readTree(status.body()).path("state").asString();
                        assertThat(state).as("rebuild %d: %s", attempt, status.body()).isNotEqualTo("FAILED").isEqualTo("SWAPPED");
                    });
            JsonNode after = json.readTree(get(REPORTING, "/api/v1/overview").body());
            assertThat(after.path("total").asLong()).as("total after rebuild %d", run).isEqualTo(before.path("total").asLong());
            assertThat(after.path("byRegion")).as("byRegion after rebuild %d", run).isEqualTo(before.path("byRegion"));
        }
    }

    // ------------------------------------------------------------------------------------------

    /** The overview once it counts every tiers-lieu of the registry (earlier tests' ones included). */
    private JsonNode caughtUpOverview(String nationalKey) {
        JsonNode[] overview = new JsonNode[1];
        await("the national overview counts every tiers-lieu of the registry")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    HttpResponse<String> places = http.send(HttpRequest.newBuilder(
                                    LaunchedStack.url(REGISTRY, "/api/v1/third-places?size=1"))
                            .header("Authorization", "Bearer " + nationalKey)
                            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(places.statusCode()).as("GET /api/v1/third-places: %s", places.body()).isEqualTo(200);
                    HttpResponse<String> response = get(REPORTING, "/api/v1/overview");
                    assertThat(response.statusCode()).as("GET /api/v1/overview: %s", response.body()).isEqualTo(200);
                    overview[0] = json.readTree(response.body());
                    assertThat(overview[0].path("total").asLong()).as("total in %s", response.body())
                            .isEqualTo(json.readTree(places.body()).path("total").asLong());
                });
        return overview[0];
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(LaunchedStack.url(port, path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
