package fr.maillage.testsupport;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.Map;

/**
 * The real parts integration tests run against, started once per test JVM: a Kafka broker in
 * KRaft mode (spring-kafka-test) and a MongoDB wire-protocol server reached over TCP with the
 * real driver. Their addresses are published as the same {@code MAILLAGE_*} settings the
 * services read in production.
 */
public final class TestStack {

    private static EmbeddedKafkaKraftBroker kafka;
    private static MongoServer mongo;
    private static MemoryBackend mongoBackend;
    private static String mongoUri;

    private TestStack() {
    }

    public static synchronized void start() {
        if (kafka == null) {
            kafka = new EmbeddedKafkaKraftBroker(1, 6);
            kafka.brokerProperties(Map.of(
                    "auto.create.topics.enable", "true",
                    "group.initial.rebalance.delay.ms", "0",
                    "offsets.topic.num.partitions", "3"));
            kafka.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(TestStack::stopQuietly));
        }
        if (mongo == null) {
            mongoBackend = new SnapshotMemoryBackend() {
                @Override
                public void close() {
                    // the server's shutdown closes its backend, which would drop the data: they
                    // outlive a simulated outage (stopMongo, restartMongo) as a real store's do
                }
            };
            mongo = new MongoServer(mongoBackend);
            // restartMongo binds the same port again: one an outgoing connection cannot take meanwhile
            int port = TestPorts.reusable();
            mongo.bind("localhost", port);
            mongoUri = "mongodb://localhost:" + port;
        }
        System.setProperty("MAILLAGE_KAFKA_BOOTSTRAP", kafka.getBrokersAsString());
        System.setProperty("MAILLAGE_MONGODB_URI", mongoUri);
    }

    public static String kafkaBootstrap() {
        start();
        return kafka.getBrokersAsString();
    }

    public static String mongoUri() {
        start();
        return mongoUri;
    }

    private static synchronized void stopMongo() {
        mongo.shutdownNow();
    }

    private static synchronized void restartMongo() {
        int port = Integer.parseInt(mongoUri.substring(mongoUri.lastIndexOf(':') + 1));
        mongo = new MongoServer(mongoBackend);
        mongo.bind("localhost", port);
    }

    /**
     * What {@code action} gives while the store is away (clients see connections refused); the store
     * comes back on the same port with its data, whatever happens.
     */
    public static <T> T whileMongoIsDown(java.util.function.Supplier<T> action) {
        stopMongo();
        try {
            return action.get();
        } finally {
            restartMongo();
        }
    }

    private static void stopQuietly() {
        try {
            if (mongo != null) {
                mongo.shutdownNow();
            }
            if (kafka != null) {
                kafka.destroy();
            }
        } catch (RuntimeException ignored) {
            // the JVM is going away
        }
    }
}
