package fr.maillage.testsupport;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads of a document while others update it, over TCP with the real driver: every read gets an
 * answer and every update lands. The library's own memory backend changes the stored document
 * while an earlier answer holding it is being encoded, and a read fails now and then (its
 * connection closed by the server).
 */
class SnapshotMemoryBackendTest {

    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> premises;

    @BeforeEach
    void start() {
        server = new MongoServer(new SnapshotMemoryBackend());
        String address = server.bindAndGetConnectionString();
        // no retry by the driver: a failed read or write shows here as it happened
        client = MongoClients.create(address + "/?retryReads=false&retryWrites=false");
        premises = client.getDatabase("snapshot").getCollection("premises");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void readsWhileTheSameDocumentIsUpdatedAllAnswerAndNoUpdateIsLost() throws Exception {
        premises.insertOne(new Document("_id", "p-1").append("version", 0L).append("outbox", new ArrayList<>()));
        int writers = 4;
        int updatesEach = 150;
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(writers + 4);
        try {
            List<Future<Integer>> reads = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                reads.add(pool.submit(() -> {
                    int answered = 0;
                    while (writing.get()) {
                        Document found = premises.find(Filters.eq("_id", "p-1")).first();
                        assertThat(found).isNotNull();
                        answered++;
                    }
                    return answered;
                }));
            }
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writes.add(pool.submit(() -> {
                    for (int i = 0; i < updatesEach; i++) {
                        Document entry = new Document("id", writer + "-" + i)
                                .append("payload", new Document("status", "APPLIED").append("index", i));
                        // a field added, then removed: the stored document's own keys change
                        var held = i % 4 < 2 ? Updates.set("held-" + writer, i) : Updates.unset("held-" + writer);
                        var update = Updates.combine(Updates.inc("version", 1L), Updates.push("outbox", entry), held);
                        if (i % 2 == 0) {
                            premises.updateOne(Filters.eq("_id", "p-1"), update);
                        } else {
                            Document after = premises.findOneAndUpdate(Filters.eq("_id", "p-1"), update,
                                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
                            assertThat(after.getList("outbox", Document.class)).contains(entry);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<Integer> read : reads) {
                assertThat(read.get(60, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        Document stored = premises.find(Filters.eq("_id", "p-1")).first();
        assertThat(stored.getLong("version")).isEqualTo((long) writers * updatesEach);
        assertThat(stored.getList("outbox", Document.class)).hasSize(writers * updatesEach);
    }

    @Test
    void queriesSortsDeletesAndUniqueIndexesBehaveAsTheLibrarysBackend() {
        premises.insertMany(List.of(new Document("_id", "a").append("n", 2), new Document("_id", "b").append("n", 1),
                new Document("_id", "c").append("n", 3)));
        premises.updateOne(Filters.eq("_id", "b"), Updates.set("n", 5));

        assertThat(premises.find().map(d -> d.getString("_id")).into(new ArrayList<>()))
                .as("natural order is insertion order, kept by an update").containsExactly("a", "b", "c");
        assertThat(premises.find().sort(new Document("$natural", -1)).map(d -> d.getString("_id"))
                .into(new ArrayList<>())).containsExactly("c", "b", "a");
        assertThat(premises.find(Filters.gt("n", 2)).sort(new Document("n", 1)).map(d -> d.getString("_id"))
                .into(new ArrayList<>())).containsExactly("c", "b");
        assertThat(premises.find().batchSize(1).into(new ArrayList<>())).hasSize(3);

        premises.deleteOne(Filters.eq("_id", "a"));
        assertThat(premises.countDocuments()).isEqualTo(2);
        premises.insertOne(new Document("_id", "a").append("n", 7));
        assertThat(premises.find().map(d -> d.getString("_id")).into(new ArrayList<>())).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(premises.find(Filters.eq("_id", "b")).first().getInteger("n")).isEqualTo(5);
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(com.mongodb.MongoWriteException.class,
                () -> premises.insertOne(new Document("_id", "b"))).getError().getCode()).isEqualTo(11000);
    }
}
