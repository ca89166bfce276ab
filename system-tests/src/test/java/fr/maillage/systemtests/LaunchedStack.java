package fr.maillage.systemtests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
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

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The whole stack as a user runs it: {@code ./maillage up} from the repository root, on ports
 * shifted away from a developer's own stack, with its own {@code MAILLAGE_HOME} under target/.
 * Launched once per JVM, on the first test class that asks for it (a {@link LaunchedStack}
 * constructor or method parameter, with {@code @ExtendWith(LaunchedStack.Shared.class)}), and
 * stopped with {@code ./maillage down} when every test has run; stopping checks that nothing it
 * started is left alive. A test that stops or kills parts brings them back with {@link #up}
 * before it ends, so that the order of the test classes does not matter.
 */
final class LaunchedStack implements AutoCloseable {

    static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
    static final Path ROOT = MODULE.getParent();
    static final Path HOME = MODULE.resolve("target/stack-home");

    static final int REGISTRY = 18081;
    static final int ACTIVITY = 18082;
    static final int PARTNERSHIP = 18083;
    static final int REPORTING = 18084;
    static final List<String> PARTS = List.of("activity", "kafka", "mongodb", "partnership", "registry", "reporting");

    private static final Map<String, String> STACK_ENV = Map.of(
            "MAILLAGE_HOME", HOME.toString(),
            "MAILLAGE_KAFKA_PORT", "19092",
            "MAILLAGE_KAFKA_CONTROLLER_PORT", "19093",
            "MAILLAGE_MONGODB_PORT", "27117",
            "MAILLAGE_REGISTRY_PORT", Integer.toString(REGISTRY),
            "MAILLAGE_ACTIVITY_PORT", Integer.toString(ACTIVITY),
            "MAILLAGE_PARTNERSHIP_PORT", Integer.toString(PARTNERSHIP),
            "MAILLAGE_REPORTING_PORT", Integer.toString(REPORTING),
            // the launcher reports a slow part itself, before our 240 s; the first start after a build
            // took 76 s on a 2-core CI machine, so a slower one must not fail for want of a minute
            "MAILLAGE_UP_TIMEOUT", "200",
            "MAILLAGE_NO_BUILD", "1"); // never a Maven build inside this Maven build

    /** Gives test classes the stack of this JVM, launching it on first use. */
    static final class Shared implements ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LaunchedStack.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == LaunchedStack.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            // the root store outlives every test class and closes the stack after the last one; a
            // failed launch is kept too, so that the next classes fail at once with its cause
            LaunchedStack stack = context.getRoot().getStore(NAMESPACE)
                    .computeIfAbsent(LaunchedStack.class, key -> launch(), LaunchedStack.class);
            if (stack.failure != null) {
                throw new AssertionError("The stack did not start: " + stack.failure.getMessage(), stack.failure);
            }
            return stack;
        }
    }

    record Launch(int exitCode, String output) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Long> started = new TreeMap<>();
    private Throwable failure;

    private LaunchedStack() {
    }

    private static LaunchedStack launch() {
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
            fail("The system tests need every module packaged; missing: " + missing
                    + ". Run them with ./mvnw verify from the repository root.");
        }
        LaunchedStack stack = new LaunchedStack();
        try {
            stack.maillage("down", "stack-down-leftovers.log"); // a stack left by an aborted run, if any
            deleteRecursively(HOME);
            Files.createDirectories(HOME);
            stack.up("stack-up.log");
        } catch (IOException | RuntimeException | Error e) {
            stack.stopQuietly();
            stack.failure = e;
        }
        return stack;
    }

    /**
     * {@code ./maillage up}: asserts it succeeds and that every part runs, and remembers the pids
     * (for {@link #close}). Starts only what is not running.
     */
    Map<String, Long> up(String logName) throws IOException {
        Launch up = maillage("up", logName);
        assertThat(up.exitCode()).as("./maillage up exit status; its output:%n%s", up.output()).isZero();
        Map<String, Long> pids = pids();
        assertThat(pids).as("pid files after up").containsOnlyKeys(PARTS);
        started.putAll(pids);
        return pids;
    }

    /** Stops the stack and checks that every process it ever started is gone. */
    @Override
    public void close() throws IOException {
        if (failure != null) {
            return; // stopped when it failed
        }
        Map<String, Long> all = new TreeMap<>(started);
        all.putAll(pids());
        Launch down = maillage("down", "stack-down.log");
        assertThat(down.exitCode()).as("./maillage down exit status; its output:%n%s", down.output()).isZero();
        all.forEach((part, pid) -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("%s (pid %d) still alive after ./maillage down", part, pid)
                .isFalse());
        assertThat(pids()).as("pid files left after down").isEmpty();
    }

    private void stopQuietly() {
        try {
            maillage("down", "stack-down-after-failed-up.log");
        } catch (IOException | RuntimeException e) {
            // the failure being reported matters more
        }
    }

    /** Runs {@code ./maillage <command>} from the repository root, its output in target/. */
    Launch maillage(String command, String logName) throws IOException {
        Path log = MODULE.resolve("target").resolve(logName);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("maillage").toString(), command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // a developer's own MAILLAGE_* settings must not leak into the test stack
        builder.environment().keySet().removeIf(name -> name.startsWith("MAILLAGE_"));
        builder.environment().putAll(STACK_ENV);
        Process process = builder.start();
        try {
            if (!process.waitFor(240, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Launch(-1, "(./maillage " + command + " did not finish within 240 s)\n" + Files.readString(log, UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running ./maillage " + command, e);
        }
        return new Launch(process.exitValue(), Files.readString(log, UTF_8));
    }

    /** The pid of each part, from $MAILLAGE_HOME/run/<part>.pid. */
    Map<String, Long> pids() throws IOException {
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

    String nationalKey() throws IOException {
        return Files.readString(HOME.resolve("national.key")).trim();
    }

    /** Where the launcher writes the logs of every part. */
    Path logs() {
        return HOME.resolve("logs");
    }

    /** Waits until the four services answer their health check UP (after a test restarted parts, say). */
    void awaitHealthy(Duration atMost) {
        await("the four services are healthy").atMost(atMost).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (int port : List.of(REGISTRY, ACTIVITY, PARTNERSHIP, REPORTING)) {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(url(port, "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).as("health on %d: %s", port, health.body()).isEqualTo(200);
            }
        });
    }

    static URI url(int port, String path) {
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
            Files.delete(path);
        }
    }
}
