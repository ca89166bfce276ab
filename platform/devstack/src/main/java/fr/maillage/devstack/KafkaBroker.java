package fr.maillage.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka of the local stack: one real Apache Kafka broker in KRaft mode (broker and controller
 * in one process, node 1), clients on {@code localhost:$MAILLAGE_KAFKA_PORT} (9092), the controller
 * on {@code localhost:$MAILLAGE_KAFKA_CONTROLLER_PORT} (9093), data under
 * {@code $MAILLAGE_HOME/kafka/}.
 *
 * <p>On first start the data directory is formatted with {@code kafka.tools.StorageTool format
 * --standalone}; the cluster id is kept in {@code $MAILLAGE_HOME/kafka/cluster.id} so that restarts
 * reuse the same cluster. {@code server.properties} is rewritten at every start from the
 * environment, then {@code kafka.Kafka} runs it in this process.
 *
 * <p>One node of a cluster (used by {@code ./maillage cluster}): {@code MAILLAGE_KAFKA_NODE_ID}
 * names this node, {@code MAILLAGE_KAFKA_CONTROLLER_VOTERS} the static controller quorum
 * ({@code 1@localhost:9093,2@localhost:9193,…}, every node in it also a broker), and
 * {@code MAILLAGE_KAFKA_CLUSTER_ID} the cluster id every node is formatted with;
 * {@code MAILLAGE_KAFKA_REPLICATION_FACTOR} and {@code MAILLAGE_KAFKA_MIN_INSYNC_REPLICAS} set the
 * broker defaults (automatically created and internal topics included). Without them: a single
 * node, replication factors 1.
 */
public final class KafkaBroker {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    private KafkaBroker() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Path home = Devstack.home();
        int port = Devstack.port("MAILLAGE_KAFKA_PORT", 9092);
        int controllerPort = Devstack.port("MAILLAGE_KAFKA_CONTROLLER_PORT", 9093);
        if (port == controllerPort) {
            Devstack.exit("MAILLAGE_KAFKA_PORT and MAILLAGE_KAFKA_CONTROLLER_PORT are both " + port
                    + ": the broker and its controller need two different ports.");
        }
        Devstack.requireFreePort(port, "the Kafka broker (part kafka, client listener)", "MAILLAGE_KAFKA_PORT");
        Devstack.requireFreePort(controllerPort, "the Kafka controller (part kafka, controller listener)",
                "MAILLAGE_KAFKA_CONTROLLER_PORT");

        Node node = Node.fromEnvironment();

        Path dir = home.resolve("kafka");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path config = dir.resolve("server.properties");
        writeProperties(config, serverProperties(port, controllerPort, data, node));

        String clusterId = clusterId(dir, node.clusterId());
        if (!Files.exists(data.resolve("meta.properties"))) {
            format(clusterId, config, data, node.voters() == null);
        }

        Thread readiness = new Thread(() -> announceWhenReady(port, controllerPort, clusterId, data, start),
                "maillage-kafka-readiness");
        readiness.setDaemon(true);
        readiness.start();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> log.info("Kafka broker stopping"), "maillage-kafka-stopping"));
        log.info("starting Kafka {} (KRaft, node {}) with {}", AppInfoParser.getVersion(), node.id(), config);
        kafka.Kafka.main(new String[] {config.toString()}); // runs until SIGTERM, then shuts down cleanly
    }

    /**
     * Which node of which quorum this process is: node 1 alone by default, or one voter of a static
     * quorum, with the replication defaults of the cluster.
     */
    record Node(int id, String voters, String clusterId, int replicationFactor, int minInsyncReplicas) {

        static final Node SINGLE = new Node(1, null, null, 1, 1);

        static Node fromEnvironment() {
            int id = number("MAILLAGE_KAFKA_NODE_ID", 1);
            String voters = text("MAILLAGE_KAFKA_CONTROLLER_VOTERS");
            int replication = number("MAILLAGE_KAFKA_REPLICATION_FACTOR", 1);
            int minInsync = number("MAILLAGE_KAFKA_MIN_INSYNC_REPLICAS", 1);
            if (minInsync > replication) {
                Devstack.exit("MAILLAGE_KAFKA_MIN_INSYNC_REPLICAS=" + minInsync + " is more than MAILLAGE_KAFKA_REPLICATION_FACTOR="
                        + replication + ": no write could ever be acknowledged.");
            }
            if (voters != null && !voters.matches("\\d+@[^,@:]+:\\d+(,\\d+@[^,@:]+:\\d+)*")) {
                Devstack.exit("MAILLAGE_KAFKA_CONTROLLER_VOTERS=" + voters + " is not a list of <node id>@<host>:<port>.");
            }
            if (voters != null && !("," + voters).contains("," + id + "@")) {
                Devstack.exit("MAILLAGE_KAFKA_CONTROLLER_VOTERS=" + voters + " does not name this node ("
                        + "MAILLAGE_KAFKA_NODE_ID=" + id + ").");
            }
            return new Node(id, voters, text("MAILLAGE_KAFKA_CLUSTER_ID"), replication, minInsync);
        }

        private static String text(String name) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        private static int number(String name, int fallback) {
            String value = text(name);
            if (value == null) {
                return fallback;
            }
            try {
                int number = Integer.parseInt(value);
                if (number < 1) {
                    throw new NumberFormatException();
                }
                return number;
            } catch (NumberFormatException e) {
                return Devstack.exit(name + "=" + value + " is not a positive whole number.");
            }
        }
    }

    /**
     * Kafka reads its properties as ISO-8859-1: anything beyond ASCII (a checkout under
     * ~/Téléchargements) is written as a {@code \\uXXXX} escape, or the broker would keep its data
     * in a directory of another name and find none at the next start.
     */
    static void writeProperties(Path file, String properties) throws IOException {
        StringBuilder escaped = new StringBuilder(properties.length());
        properties.chars().forEach(c -> {
            if (c > 0x7e) {
                escaped.append(String.format("\\u%04x", c));
            } else {
                escaped.append((char) c);
            }
        });
        Files.writeString(file, escaped, StandardCharsets.ISO_8859_1);
    }

    static String serverProperties(int port, int controllerPort, Path data) {
        return serverProperties(port, controllerPort, data, Node.SINGLE);
    }

    static String serverProperties(int port, int controllerPort, Path data, Node node) {
        String quorum = node.voters() == null
                ? "controller.quorum.bootstrap.servers=localhost:" + controllerPort
                : "controller.quorum.voters=" + node.voters();
        return """
                # Written by fr.maillage.devstack.KafkaBroker at every start: change the MAILLAGE_* variables, not this file.
                process.roles=broker,controller
                node.id=%4$d
                listeners=PLAINTEXT://localhost:%1$d,CONTROLLER://localhost:%2$d
                advertised.listeners=PLAINTEXT://localhost:%1$d
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                inter.broker.listener.name=PLAINTEXT
                controller.listener.names=CONTROLLER
                %5$s
                log.dirs=%3$s
                num.partitions=6
                default.replication.factor=%6$d
                min.insync.replicas=%7$d
                offsets.topic.replication.factor=%6$d
                offsets.topic.num.partitions=6
                # the dead-letter replay's position is its group's committed offset: kept longer than the
                # dead letters (30 days, deleted by 7-day segments: up to 37), not Kafka's 7 days, so that
                # a later replay does not send them again
                offsets.retention.minutes=64800
                transaction.state.log.replication.factor=%6$d
                transaction.state.log.min.isr=%7$d
                transaction.state.log.num.partitions=6
                share.coordinator.state.topic.replication.factor=%6$d
                share.coordinator.state.topic.min.isr=%7$d
                auto.create.topics.enable=true
                # keep events forever unless a topic says otherwise: projections are rebuilt from offset zero
                log.retention.ms=-1
                group.initial.rebalance.delay.ms=0
                num.network.threads=2
                num.io.threads=4
                num.recovery.threads.per.data.dir=1
                log.cleaner.dedupe.buffer.size=33554432
                """.formatted(port, controllerPort, data.toString().replace("\\", "/"), node.id(), quorum,
                node.replicationFactor(), node.minInsyncReplicas());
    }

    /** The cluster id kept beside the data, created on first start (the one given, for a node of a cluster). */
    private static String clusterId(Path dir, String given) throws IOException {
        Path file = dir.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String id = given != null ? given : Uuid.randomUuid().toString();
        Files.writeString(file, id);
        return id;
    }

    /** Formats a standalone node (a quorum of itself), or one voter of the static quorum its config names. */
    private static void format(String clusterId, Path config, Path data, boolean standalone) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        String[] command = standalone
                ? new String[] {"format", "-t", clusterId, "-c", config.toString(), "--standalone"}
                : new String[] {"format", "-t", clusterId, "-c", config.toString()};
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            status = kafka.tools.StorageTool.execute(command, print);
        } catch (RuntimeException e) {
            Devstack.exit("Formatting the Kafka data directory " + data + " failed: " + e.getMessage()
                    + "\n  Delete " + data.getParent() + " and retry (this loses the local Kafka data).");
            return;
        }
        String output = out.toString(StandardCharsets.UTF_8).trim();
        if (status != 0) {
            Devstack.exit("Formatting the Kafka data directory " + data + " failed (status " + status + "): " + output);
        }
        log.info("formatted {} for cluster {}: {}", data, clusterId, output);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Logs the one "ready" line once the broker answers a metadata request (its port opens earlier,
     * before it can serve). {@code ./maillage up} waits for that line.
     */
    private static void announceWhenReady(int port, int controllerPort, String clusterId, Path data, long start) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port,
                AdminClientConfig.CLIENT_ID_CONFIG, "maillage-devstack-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 100,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        try {
            // wait for the listener first, so that the admin client does not log refused connections
            while (!listening(port)) {
                if (System.nanoTime() > deadline) {
                    log.error("Kafka broker did not open localhost:{} within 5 minutes", port);
                    return;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        log.info("Kafka broker ready on localhost:{} (bootstrap localhost:{}, controller localhost:{},"
                                + " cluster {}, data {}) in {}",
                                port, port, controllerPort, clusterId, data, Devstack.seconds(start));
                        return;
                    }
                } catch (Exception notYet) {
                    if (notYet instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                Thread.sleep(200);
            }
            log.error("Kafka broker did not answer on localhost:{} within 5 minutes", port);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
