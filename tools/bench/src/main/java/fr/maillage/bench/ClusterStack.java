package fr.maillage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A cluster on loopback, each part its own process started here (the launcher runs one of each):
 * three Kafka nodes (broker and controller each, a static quorum of three voters, replication
 * factor 3, {@code min.insync.replicas} 2), one MongoDB-wire server, registry, activity and
 * partnership once and reporting twice, in one consumer group. Data and logs under its own home,
 * ports {@code portBase + …}, so a developer's stack, chaos and bench are left alone.
 */
final class ClusterStack implements Endpoints {

    static final int BROKERS = 3;
    static final int REPLICATION_FACTOR = 3;
    static final int MIN_INSYNC_REPLICAS = 2;
    static final List<String> REPORTING = List.of("reporting-1", "reporting-2");
    /** Consumers of the activity stream in each reporting instance, in one group: the service's default, said here. */
    static final int ACTIVITY_CONSUMERS = 3;

    private static final String JVM = "-XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Xss512k -XX:MaxMetaspaceSize=256m";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(6);

    final Path root;
    final Path home;
    private final int portBase;
    private final String clusterId;
    private final Map<String, Process> running = new LinkedHashMap<>();
    /** Where each part's log stood when it was last started: its "ready" line must come after. */
    private final Map<String, Long> logFrom = new java.util.concurrent.ConcurrentHashMap<>();

    ClusterStack(Path root, Path home, int portBase) {
        this.root = root;
        this.home = home;
        this.portBase = portBase;
        this.clusterId = org.apache.kafka.common.Uuid.randomUuid().toString(); // every node is formatted with it
    }

    // ---- addresses ---------------------------------------------------------------------------

    int brokerPort(int node) {
        return portBase + 92 + 100 * node;      // 25192, 25292, 25392
    }

    int controllerPort(int node) {
        return brokerPort(node) + 1;
    }

    int servicePort(String part) {
        return portBase + switch (part) {
            case "registry" -> 81;
            case "activity" -> 82;
            case "partnership" -> 83;
            case "reporting-1" -> 84;
            case "reporting-2" -> 85;
            default -> throw new IllegalArgumentException(part);
        };
    }

    int mongoPort() {
        return portBase + 17;
    }

    @Override
    public String kafka() {
        return IntStream.rangeClosed(1, BROKERS).mapToObj(node -> "localhost:" + brokerPort(node))
                .collect(Collectors.joining(","));
    }

    @Override
    public String registry() {
        return url("registry");
    }

    @Override
    public String activity() {
        return url("activity");
    }

    /** The first reporting instance (the simulator checks readiness there). */
    @Override
    public String reporting() {
        return url(REPORTING.get(0));
    }

    String url(String service) {
        return "http://localhost:" + servicePort(service);
    }

    @Override
    public Path keyFile() {
        return home.resolve("national.key");
    }

    static String broker(int node) {
        return "kafka-" + node;
    }

    // ---- starting and stopping ---------------------------------------------------------------

    /** Removes what an earlier run left (its processes, if it was killed, and its data). */
    void clean() throws IOException {
        Path run = home.resolve("run");
        if (Files.isDirectory(run)) {
            try (var files = Files.list(run)) {
                for (Path pidFile : files.toList()) {
                    long pid = Long.parseLong(Files.readString(pidFile).trim());
                    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(this::ours);
                    process.ifPresent(handle -> {
                        handle.destroyForcibly();
                        handle.onExit().join();
                    });
                }
            }
        }
        Stack.deleteRecursively(home);
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(run);
    }

    private boolean ours(ProcessHandle handle) {
        return handle.info().commandLine().map(line -> line.contains("-Dmaillage.home=" + home + " ")).orElse(false);
    }

    void startBroker(int node) throws IOException {
        String voters = IntStream.rangeClosed(1, BROKERS).mapToObj(n -> n + "@localhost:" + controllerPort(n))
                .collect(Collectors.joining(","));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MAILLAGE_HOME", home.resolve(broker(node)).toString());
        env.put("MAILLAGE_KAFKA_PORT", Integer.toString(brokerPort(node)));
        env.put("MAILLAGE_KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort(node)));
        env.put("MAILLAGE_KAFKA_NODE_ID", Integer.toString(node));
        env.put("MAILLAGE_KAFKA_CONTROLLER_VOTERS", voters);
        env.put("MAILLAGE_KAFKA_CLUSTER_ID", clusterId);
        env.put("MAILLAGE_KAFKA_REPLICATION_FACTOR", Integer.toString(REPLICATION_FACTOR));
        env.put("MAILLAGE_KAFKA_MIN_INSYNC_REPLICAS", Integer.toString(MIN_INSYNC_REPLICAS));
        start(broker(node), devstack("fr.maillage.devstack.KafkaBroker", "-Xms64m -Xmx512m"), env);
    }

    void startMongo() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MAILLAGE_HOME", home.toString());
        env.put("MAILLAGE_MONGODB_PORT", Integer.toString(mongoPort()));
        start("mongodb", devstack("fr.maillage.devstack.MongoWireServer", "-Xms32m -Xmx256m"), env);
    }

    /** A service: "registry", "activity", "partnership" or one of {@link #REPORTING}. */
    void startService(String part) throws IOException {
        String service = part.startsWith("reporting") ? "reporting" : part;
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MAILLAGE_HTTP_PORT", Integer.toString(servicePort(part)));
        env.put("SERVER_PORT", Integer.toString(servicePort(part)));
        env.put("MAILLAGE_KAFKA_BOOTSTRAP", kafka());
        env.put("MAILLAGE_MONGODB_URI", "mongodb://localhost:" + mongoPort());
        env.put("MAILLAGE_KAFKA_REPLICATION_FACTOR", Integer.toString(REPLICATION_FACTOR));
        if (service.equals("registry")) {
            env.put("MAILLAGE_NATIONAL_KEY_FILE", keyFile().toString());
        }
        if (service.equals("reporting")) {
            env.put("MAILLAGE_REPORTING_ACTIVITY_CONSUMERS", Integer.toString(ACTIVITY_CONSUMERS));
        }
        // a copy, taken once: a build running meanwhile in the same tree rewrites target/*.jar
        Path jar = home.resolve("app").resolve(service + "-service.jar");
        if (!Files.exists(jar)) {
            Files.createDirectories(jar.getParent());
            Files.copy(root.resolve("services/" + service + "-service/target/" + service + "-service.jar"), jar);
        }
        List<String> command = new ArrayList<>(jvm(part, "-Xms64m -Xmx320m"));
        command.add("-jar");
        command.add(jar.toString());
        start(part, command, env);
    }

    private List<String> devstack(String main, String heap) {
        List<String> command = new ArrayList<>(jvm(main.endsWith("KafkaBroker") ? "kafka" : "mongodb", heap));
        Path devstack = root.resolve("platform/devstack/target");
        command.add("-cp");
        command.add(devstack.resolve("maillage-devstack.jar") + ":" + devstack.resolve("lib") + "/*");
        command.add(main);
        return command;
    }

    private List<String> jvm(String part, String heap) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the same marks as the launcher's, so a left-over process is recognised as this cluster's
        command.add("-Dmaillage.part=" + part);
        command.add("-Dmaillage.home=" + home);
        command.addAll(List.of(JVM.split(" ")));
        command.addAll(List.of(heap.split(" ")));
        return command;
    }

    private void start(String part, List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(part).toFile()));
        // not the addresses of another stack this program may have been started from
        builder.environment().keySet().removeIf(name -> name.startsWith("MAILLAGE_") || name.equals("SERVER_PORT"));
        builder.environment().putAll(env);
        logFrom.put(part, Files.exists(log(part)) ? Files.size(log(part)) : 0L);
        Process process = builder.start();
        running.put(part, process);
        Files.writeString(home.resolve("run").resolve(part + ".pid"), Long.toString(process.pid()));
    }

    Path log(String part) {
        return home.resolve("logs").resolve(part + ".log");
    }

    /** SIGKILL, as a crash. */
    long kill(String part) {
        Process process = running.remove(part);
        if (process == null) {
            throw new IllegalStateException(part + " is not running");
        }
        process.destroyForcibly();
        process.onExit().join();
        return process.pid();
    }

    /** Stops everything: SIGTERM, and SIGKILL what is still there after 40 s. */
    void stopAll() {
        List<Process> processes = new ArrayList<>(running.values());
        running.clear();
        processes.forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        for (Process process : processes) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- readiness ---------------------------------------------------------------------------

    /** Waits until every named part is ready (the same signs as the launcher's); fails naming the part and its log. */
    void awaitReady(List<String> parts) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        List<String> pending = new ArrayList<>(parts);
        while (!pending.isEmpty()) {
            for (String part : List.copyOf(pending)) {
                Process process = running.get(part);
                if (process == null || !process.isAlive()) {
                    throw new IllegalStateException(part + " stopped while starting; see " + log(part) + ":\n" + tail(part));
                }
                if (ready(part)) {
                    pending.remove(part);
                }
            }
            if (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(pending + " not ready within " + READY_TIMEOUT.toSeconds() + " s; see "
                            + home.resolve("logs") + ":\n" + tail(pending.get(0)));
                }
                Thread.sleep(500);
            }
        }
    }

    private boolean ready(String part) throws IOException {
        if (part.startsWith("kafka-")) {
            int node = Integer.parseInt(part.substring("kafka-".length()));
            return logContains(part, "Kafka broker ready on localhost:" + brokerPort(node));
        }
        if (part.equals("mongodb")) {
            return logContains(part, "MongoDB-wire server ready on localhost:" + mongoPort());
        }
        try {
            Http.Answer health = Http.get(url(part) + "/actuator/health", null);
            return health.status() == 200 && health.json().path("status").asString("").equals("UP");
        } catch (Exception e) {
            return false;
        }
    }

    private boolean logContains(String part, String text) throws IOException {
        Path log = log(part);
        if (!Files.exists(log)) {
            return false;
        }
        byte[] bytes = Files.readAllBytes(log);
        int from = (int) Math.min(bytes.length, logFrom.getOrDefault(part, 0L));
        return new String(bytes, from, bytes.length - from, java.nio.charset.StandardCharsets.UTF_8).contains(text);
    }

    private String tail(String part) {
        try {
            List<String> lines = Files.readAllLines(log(part));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
