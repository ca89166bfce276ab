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

        Path dir = home.resolve("kafka");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path config = dir.resolve("server.properties");
        Files.writeString(config, serverProperties(port, controllerPort, data));

        String clusterId = clusterId(dir);
        if (!Files.exists(data.resolve("meta.properties"))) {
            format(clusterId, config, data);
        }

        Thread readiness = new Thread(() -> announceWhenReady(port, controllerPort, clusterId, data, start),
                "maillage-kafka-readiness");
        readiness.setDaemon(true);
        readiness.start();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> log.info("Kafka broker stopping"), "maillage-kafka-stopping"));
        log.info("starting Kafka {} (KRaft, node 1) with {}", AppInfoParser.getVersion(), config);
        kafka.Kafka.main(new String[] {config.toString()}); // runs until SIGTERM, then shuts down cleanly
    }

    static String serverProperties(int port, int controllerPort, Path data) {
        return """
                # Written by fr.maillage.devstack.KafkaBroker at every start: change the MAILLAGE_* variables, not this file.
                process.roles=broker,controller
                node.id=1
                listeners=PLAINTEXT://localhost:%1$d,CONTROLLER://localhost:%2$d
                advertised.listeners=PLAINTEXT://localhost:%1$d
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                inter.broker.listener.name=PLAINTEXT
                controller.listener.names=CONTROLLER
                controller.quorum.bootstrap.servers=localhost:%2$d
                log.dirs=%3$s
                num.partitions=6
                default.replication.factor=1
                min.insync.replicas=1
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=6
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=6
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                auto.create.topics.enable=true
                # keep events forever unless a topic says otherwise: projections are rebuilt from offset zero
                log.retention.ms=-1
                group.initial.rebalance.delay.ms=0
                num.network.threads=2
                num.io.threads=4
                num.recovery.threads.per.data.dir=1
                log.cleaner.dedupe.buffer.size=33554432
                """.formatted(port, controllerPort, data.toString().replace("\\", "/"));
    }

    /** The cluster id kept beside the data, created on first start. */
    private static String clusterId(Path dir) throws IOException {
        Path file = dir.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id);
        return id;
    }

    private static void format(String clusterId, Path config, Path data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            status = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", config.toString(), "--standalone"}, print);
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
