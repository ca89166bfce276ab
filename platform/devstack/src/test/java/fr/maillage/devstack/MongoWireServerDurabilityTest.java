package fr.maillage.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded MongoDB must not lose a write it acknowledged when its process dies hard: the
 * server runs in a child JVM, takes acknowledged writes from the real driver over TCP, is killed
 * (SIGKILL, no shutdown hook, no final checkpoint), restarted on the same files (its pages and its
 * journal), and must still have every document as it was acknowledged.
 */
class MongoWireServerDurabilityTest {

    private static final int DOCUMENTS = 300;

    @TempDir
    Path home;

    private Process server;

    @AfterEach
    void killServer() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void keepsEveryAcknowledgedWriteThroughAHardKill() throws Exception {
        int port = freePort();
        server = startServer(port, "first-run.log");
        try (MongoClient client = client(port)) {
            MongoCollection<Document> places = client.getDatabase("durability").getCollection("places");
            for (int i = 0; i < DOCUMENTS; i++) {
                places.insertOne(new Document("_id", i).append("name", "tiers-lieu " + i)); // acknowledged
            }
        }

        server.destroyForcibly(); // SIGKILL on Unix: no shutdown hook, no final commit
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("server killed").isTrue();

        server = startServer(port, "second-run.log");
        try (MongoClient client = client(port)) {
            MongoCollection<Document> places = client.getDatabase("durability").getCollection("places");
            assertThat(places.countDocuments()).as("documents after a hard kill").isEqualTo(DOCUMENTS);
            Document last = places.find(new Document("_id", DOCUMENTS - 1)).first();
            assertThat(last).as("last acknowledged document").isNotNull();
            assertThat(last.getString("name")).isEqualTo("tiers-lieu " + (DOCUMENTS - 1));
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void keepsEveryWriteAcknowledgedToConcurrentClientsWhenKilledWhileTheyWrite() throws Exception {
        int port = freePort();
        server = startServer(port, "concurrent-run.log");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        int[] attempted = new int[8];
        AtomicBoolean killed = new AtomicBoolean();
        Queue<String> refusedBeforeTheKill = new ConcurrentLinkedQueue<>();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try (MongoClient client = client(port)) {
            MongoCollection<Document> places = client.getDatabase("durability").getCollection("concurrent");
            places.createIndex(Indexes.ascending("siret"), new IndexOptions().unique(true));
            for (int writer = 0; writer < 8; writer++) {
                int w = writer;
                writers.execute(() -> {
                    // writers share appends to the journal: each answer must still wait for its own records
                    for (int i = 0; i < 10_000; i++) {
                        String id = w + "-" + i;
                        synchronized (attempted) {
                            attempted[w] = i + 1;
                        }
                        try {
                            places.insertOne(new Document("_id", id).append("writer", w).append("siret", "siret-" + id));
                        } catch (RuntimeException e) {
                            if (!killed.get()) {
                                refusedBeforeTheKill.add(id + ": " + e); // a write the live server failed
                            }
                            return; // the server is gone
                        }
                        acknowledged.add(id);
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.size() < 400 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            killed.set(true);
            server.destroyForcibly(); // while the eight clients are writing
            assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("server killed").isTrue();
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).as("writers stopped").isTrue();
        }
        assertThat(acknowledged).as("writes acknowledged before the kill").hasSizeGreaterThanOrEqualTo(400);
        assertThat(refusedBeforeTheKill).as("no write failed while the server lived").isEmpty();

        server = startServer(port, "concurrent-second-run.log");
        try (MongoClient client = client(port)) {
            Set<String> stored = new HashSet<>();
            client.getDatabase("durability").getCollection("concurrent").find()
                    .forEach(doc -> stored.add(doc.getString("_id")));
            assertThat(stored).as("every acknowledged write after a hard kill").containsAll(acknowledged);

            // nothing half-written: a document is stored with both its index keys, or none of the three is
            MongoCollection<Document> places = client.getDatabase("durability").getCollection("concurrent");
            for (int w = 0; w < 8; w++) {
                for (int i = 0; i < attempted[w]; i++) {
                    String id = w + "-" + i;
                    Document byId = places.find(Filters.eq("_id", id)).first();
                    Document bySiret = places.find(Filters.eq("siret", "siret-" + id)).first();
                    assertThat(byId).as("%s found by _id exactly when it is stored", id)
                            .isEqualTo(stored.contains(id) ? bySiret : null);
                    assertThat(bySiret != null).as("%s found by its unique index exactly when it is stored", id)
                            .isEqualTo(stored.contains(id));
                    if (!stored.contains(id)) { // never acknowledged: it can be sent again, no key left behind
                        places.insertOne(new Document("_id", id).append("writer", w).append("siret", "siret-" + id));
                    }
                }
            }
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void storesEveryKindOfValueAndUpdatesItAfterARestart() throws Exception {
        int port = freePort();
        Document original = new Document("_id", "place|7")
                .append("text", "Tiers-lieu « La Fabrique » à Saint-Étienne")
                .append("int", 42).append("long", 9_007_199_254_740_993L).append("double", 0.1)
                .append("decimal", Decimal128.parse("12345.6789")).append("flag", true).append("nothing", null)
                .append("when", new Date(1_767_225_600_123L)).append("objectId", new ObjectId("65a1b2c3d4e5f6a7b8c9d0e1"))
                .append("bytes", new Binary(new byte[] {0, 1, 2, (byte) 255}))
                .append("list", List.of(1, "two", new Document("three", 3.0)))
                .append("nested", new Document("months", new Document("2026-10", new Document("reports", 3L))));
        server = startServer(port, "first-run.log");
        try (MongoClient client = client(port)) {
            client.getDatabase("types").getCollection("values").insertOne(original);
        }
        server.destroyForcibly();
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("server killed").isTrue();

        server = startServer(port, "second-run.log");
        try (MongoClient client = client(port)) {
            MongoCollection<Document> values = client.getDatabase("types").getCollection("values");
            assertThat(values.find(new Document("_id", "place|7")).first()).isEqualTo(original);

            values.insertMany(List.of(new Document("_id", 12).append("n", "twelve"),
                    new Document("_id", new Document("publisher", "p").append("report", "r")).append("n", "compound")));
            assertThatThrownBy(() -> values.insertOne(new Document("_id", "place|7")))
                    .as("the _id index still holds its keys after the restart").isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
            assertThat(values.find(new Document("_id", 12)).first().getString("n")).isEqualTo("twelve");
            assertThat(values.find(new Document("_id", new Document("publisher", "p").append("report", "r"))).first()
                    .getString("n")).isEqualTo("compound");

            values.updateOne(new Document("_id", "place|7"), new Document("$inc", new Document("nested.months.2026-10.reports", 2L)));
            assertThat(values.find(new Document("_id", "place|7")).first().getEmbedded(
                    List.of("nested", "months", "2026-10", "reports"), Long.class)).isEqualTo(5L);
        }
    }

    /**
     * Increments and deletes are journaled as the entries they leave, so a replay over pages that
     * a checkpoint wrote meanwhile must still end with each counter at what was acknowledged (or
     * one more: the increment in flight when the process died) and each deleted key free again.
     * The writers run across several checkpoints (one a second) before the kill.
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void keepsCountersAndDeletionsExactThroughCheckpointsAndAHardKill() throws Exception {
        int port = freePort();
        int writers = 4;
        server = startServer(port, "counters-run.log");
        long[] acknowledged = new long[writers];
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (MongoClient client = client(port)) {
            MongoCollection<Document> counters = client.getDatabase("durability").getCollection("counters");
            MongoCollection<Document> places = client.getDatabase("durability").getCollection("deleted");
            for (int i = 0; i < 200; i++) {
                places.insertOne(new Document("_id", "place-" + i).append("n", i));
            }
            for (int i = 0; i < 200; i += 2) {
                places.deleteOne(new Document("_id", "place-" + i)); // acknowledged
            }
            for (int writer = 0; writer < writers; writer++) {
                int w = writer;
                pool.execute(() -> {
                    while (true) {
                        try {
                            counters.updateOne(new Document("_id", "counter-" + w),
                                    new Document("$inc", new Document("n", 1L)), new UpdateOptions().upsert(true));
                        } catch (RuntimeException e) {
                            return; // the server is gone
                        }
                        synchronized (acknowledged) {
                            acknowledged[w]++;
                        }
                    }
                });
            }
            Thread.sleep(3_500); // three checkpoints or more
            server.destroyForcibly();
            assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("server killed").isTrue();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).as("writers stopped").isTrue();
        }

        server = startServer(port, "counters-second-run.log");
        assertThat(Files.readString(home.resolve("counters-second-run.log")))
                .as("what came after the last checkpoint was replayed from the journal").contains("Replayed");
        try (MongoClient client = client(port)) {
            MongoCollection<Document> counters = client.getDatabase("durability").getCollection("counters");
            for (int w = 0; w < writers; w++) {
                Document counter = counters.find(new Document("_id", "counter-" + w)).first();
                long acked;
                synchronized (acknowledged) {
                    acked = acknowledged[w];
                }
                assertThat(acked).as("increments acknowledged to writer %d", w).isGreaterThan(50);
                assertThat(counter).as("counter %d after a hard kill", w).isNotNull();
                assertThat(counter.getLong("n")).as("counter %d after a hard kill", w).isBetween(acked, acked + 1);
            }
            MongoCollection<Document> places = client.getDatabase("durability").getCollection("deleted");
            assertThat(places.countDocuments()).isEqualTo(100);
            places.insertOne(new Document("_id", "place-0").append("n", 0)); // its key was freed in the index
            assertThatThrownBy(() -> places.insertOne(new Document("_id", "place-1")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        }
    }

    /** Starts {@link MongoWireServer} in its own JVM and waits for its "ready" line. */
    private Process startServer(int port, String logName) throws IOException, InterruptedException {
        Path log = home.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                MongoWireServer.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("MAILLAGE_HOME", home.toString());
        builder.environment().put("MAILLAGE_MONGODB_PORT", Integer.toString(port));
        Process process = builder.start();

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains("ready on localhost:" + port)) {
                return process;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("MongoWireServer did not get ready; its output:\n" + Files.readString(log));
    }

    private static MongoClient client(int port) {
        return MongoClients.create("mongodb://localhost:" + port + "/?serverSelectionTimeoutMS=5000");
    }

    /**
     * The server is killed and started again on the same port, so not an ephemeral one (32768 and
     * up): an outgoing connection could be given that meanwhile, and the restart would not bind.
     */
    private static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(30_000, 32_768);
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 30000 and 32767");
    }
}
