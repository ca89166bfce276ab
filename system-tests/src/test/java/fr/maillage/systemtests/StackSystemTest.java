package fr.maillage.systemtests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole stack as a user runs it: {@code ./maillage up} from the repository root, on ports
 * shifted away from a developer's own stack, with its own {@code MAILLAGE_HOME}; then a tiers-lieu
 * registered with the national key shows up in the national overview through Kafka.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class StackSystemTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
    private static final Path ROOT = MODULE.getParent();
    private static final Path HOME = MODULE.resolve("target/stack-home");

    private static final int REGISTRY = 18081;
    private static final int ACTIVITY = 18082;
    private static final int PARTNERSHIP = 18083;
    private static final int REPORTING = 18084;

    private static final Map<String, String> STACK_ENV = Map.of(
            "MAILLAGE_HOME", HOME.toString(),
            "MAILLAGE_KAFKA_PORT", "19092",
            "MAILLAGE_KAFKA_CONTROLLER_PORT", "19093",
            "MAILLAGE_MONGODB_PORT", "27117",
            "MAILLAGE_REGISTRY_PORT", Integer.toString(REGISTRY),
            "MAILLAGE_ACTIVITY_PORT", Integer.toString(ACTIVITY),
            "MAILLAGE_PARTNERSHIP_PORT", Integer.toString(PARTNERSHIP),
            "MAILLAGE_REPORTING_PORT", Integer.toString(REPORTING),
            "MAILLAGE_UP_TIMEOUT", "100", // the launcher reports a slow part itself, before our 120 s
            "MAILLAGE_NO_BUILD", "1"); // never a Maven build inside this Maven build

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private Map<String, Long> pidsAfterUp = Map.of();

    @BeforeAll
    void startTheStack() throws Exception {
        assertThat(ROOT.resolve("maillage")).as("the launcher, beside the root pom").isExecutable();
        List<String> missing = Stream.of(
                        "platform/devstack/target/maillage-devstack.jar",
                        "platform/devstack/target/lib",
                        "services/registry-service/target/registry-service.jar",
                        "services/activity-service/target/activity-service.jar",
                        "services/partnership-service/target/partnership-service.jar",
                        "services/reporting-service/target/reporting-service.jar")
                .filter(path -> !Files.exists(ROOT.resolve(path)))
                .toList();
        if (!missing.isEmpty()) {
            fail("The system test needs every module packaged; missing: " + missing
                    + ". Run it with ./mvnw verify from the repository root.");
        }
        maillage("down", "stack-down-leftovers.log"); // a stack left by an aborted run, if any
        deleteRecursively(HOME);
        Files.createDirectories(HOME);

        Launch up = maillage("up", "stack-up.log");
        assertThat(up.exitCode()).as("./maillage up exit status; its output:%n%s", up.output()).isZero();
        pidsAfterUp = pids();
        assertThat(pidsAfterUp).as("pid files after up").containsOnlyKeys(
                "kafka", "mongodb", "registry", "activity", "partnership", "reporting");
    }

    @AfterAll
    void stopTheStack() throws Exception {
        Map<String, Long> started = new TreeMap<>(pids());
        started.putAll(pidsAfterUp);
        Launch down = maillage("down", "stack-down.log");
        assertThat(down.exitCode()).as("./maillage down exit status; its output:%n%s", down.output()).isZero();
        started.forEach((part, pid) -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("%s (pid %d) still alive after ./maillage down", part, pid)
                .isFalse());
        assertThat(pids()).as("pid files left after down").isEmpty();
    }

    @Test
    @Order(1)
    void aThirdPlaceRegisteredNationallyReachesTheNationalOverview() throws Exception {
        String nationalKey = Files.readString(HOME.resolve("national.key")).trim();

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(url(REGISTRY, "/api/v1/third-places"))
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
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    HttpResponse<String> response = get(REPORTING, "/api/v1/overview");
                    assertThat(response.statusCode()).as("GET /api/v1/overview: %s", response.body()).isEqualTo(200);
                    JsonNode overview = json.readTree(response.body());
                    assertThat(overview.path("total").asLong()).as("total in %s", response.body()).isEqualTo(1);
                    assertThat(overview.path("byRegion").path("52").asLong()).as("byRegion.52 in %s", response.body())
                            .isEqualTo(1);
                    assertThat(overview.path("byTerritory").path("METROPOLE").asLong())
                            .as("byTerritory.METROPOLE in %s", response.body()).isEqualTo(1);
                    assertThat(overview.path("byTerritory").path("OTHER").asLong())
                            .as("byTerritory.OTHER in %s", response.body()).isZero();
                });
    }

    @Test
    @Order(2)
    void everyServiceIsHealthy() throws Exception {
        for (int port : List.of(REGISTRY, ACTIVITY, PARTNERSHIP, REPORTING)) {
            HttpResponse<String> health = get(port, "/actuator/health");
            assertThat(health.statusCode()).as("health on %d: %s", port, health.body()).isEqualTo(200);
            assertThat(json.readTree(health.body()).path("status").asString()).as("health on %d", port).isEqualTo("UP");
        }
    }

    @Test
    @Order(3)
    void aWriteWithoutKeyIsRefusedWithAProblem() throws Exception {
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(url(REGISTRY, "/api/v1/third-places"))
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
        Launch again = maillage("up", "stack-up-again.log");
        assertThat(again.exitCode()).as("second ./maillage up exit status; its output:%n%s", again.output()).isZero();
        assertThat(pids()).as("pids after a second up").isEqualTo(pidsAfterUp);
    }

    // ------------------------------------------------------------------------------------------

    private record Launch(int exitCode, String output) {
    }

    /** Runs {@code ./maillage <command>} from the repository root, its output in target/. */
    private Launch maillage(String command, String logName) throws IOException, InterruptedException {
        Path log = MODULE.resolve("target").resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("maillage").toString(), command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // a developer's own MAILLAGE_* settings must not leak into the test stack
        builder.environment().keySet().removeIf(name -> name.startsWith("MAILLAGE_"));
        builder.environment().putAll(STACK_ENV);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return new Launch(-1, "(./maillage " + command + " did not finish within 120 s)\n" + Files.readString(log, UTF_8));
        }
        return new Launch(process.exitValue(), Files.readString(log, UTF_8));
    }

    /** The pid of each part, from $MAILLAGE_HOME/run/<part>.pid. */
    private static Map<String, Long> pids() throws IOException {
        Path run = HOME.resolve("run");
        Map<String, Long> pids = new TreeMap<>();
        if (Files.isDirectory(run)) {
            try (Stream<Path> files = Files.list(run)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
                    String part = file.getFileName().toString().replace(".pid", "");
                    pids.put(part, Long.parseLong(Files.readString(file).trim()));
                }
            }
        }
        return pids;
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url(port, path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(int port, String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path path : paths) {
            try {
                Files.delete(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot wipe " + dir, e);
            }
        }
    }
}
