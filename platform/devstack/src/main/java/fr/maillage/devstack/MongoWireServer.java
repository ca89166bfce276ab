package fr.maillage.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB of the local stack: mongo-java-server speaking the MongoDB wire protocol on
 * {@code localhost:$MAILLAGE_MONGODB_PORT} (27017), its data in one H2 file under
 * {@code $MAILLAGE_HOME/mongo/}, every acknowledged write in its journal beside it (see
 * {@link DurableH2Backend}).
 *
 * <p>Services connect with the real MongoDB driver. Not supported by this server: multi-document
 * transactions, change streams, secondary indexes other than unique ones.
 */
public final class MongoWireServer {

    private static final Logger log = LoggerFactory.getLogger(MongoWireServer.class);

    /** Documents stored as BSON (see {@link BsonBytesType}); the name changed with the format. */
    static final String DATA_FILE = "maillage-bson.mv.db";
    private static final String OLD_DATA_FILE = "maillage.mv.db";

    private MongoWireServer() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Path home = Devstack.home();
        int port = Devstack.port("MAILLAGE_MONGODB_PORT", 27017);
        Devstack.requireFreePort(port, "the MongoDB-wire server (part mongodb)", "MAILLAGE_MONGODB_PORT");

        Path dir = home.resolve("mongo");
        Files.createDirectories(dir);
        Path file = dir.resolve(DATA_FILE);
        if (Files.exists(dir.resolve(OLD_DATA_FILE)) && !Files.exists(file)) {
            log.warn("{} holds data in the earlier format (documents in Java serialization); it is left untouched"
                    + " and this server starts with an empty {}. Import your data again, then delete the old file.",
                    dir.resolve(OLD_DATA_FILE), file);
        }

        DurableH2Backend backend;
        try {
            backend = DurableH2Backend.open(file);
        } catch (RuntimeException e) {
            Devstack.exit("Cannot open the MongoDB-wire data file " + file + ": " + e.getMessage()
                    + "\n  Is another MongoWireServer using the same MAILLAGE_HOME? Stop it (./maillage down) and retry.");
            return;
        }
        MongoServer server = new MongoServer(backend);
        server.bind("localhost", port);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("MongoDB-wire server stopping");
            try {
                server.shutdownNow(); // also closes the backend, which checkpoints and closes the files
            } finally {
                stopped.countDown();
            }
        }, "maillage-mongo-shutdown"));

        log.info("MongoDB-wire server ready on localhost:{} (mongodb://localhost:{}, data {}) in {}",
                port, port, file, Devstack.seconds(start));
        stopped.await();
    }
}
