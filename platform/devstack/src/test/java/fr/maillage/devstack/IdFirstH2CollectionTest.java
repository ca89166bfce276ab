package fr.maillage.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conditional writes by {@code _id} and a version (how aggregates are saved and replicas kept)
 * answer as before, without reading the whole collection: the real driver over TCP against the
 * embedded server, which counts the queries it answered by a collection scan.
 */
class IdFirstH2CollectionTest {

    private static final int PLACES = 500;

    @TempDir
    Path dir;

    private DurableH2Backend backend;
    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> places;

    @BeforeEach
    void start() {
        backend = DurableH2Backend.open(dir.resolve("test.mv.db"));
        server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://localhost:" + address.getPort());
        places = client.getDatabase("registry").getCollection("third_places");
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < PLACES; i++) {
            documents.add(new Document("_id", "tl-" + i).append("version", 1L).append("name", "Lieu " + i));
        }
        places.insertMany(documents);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void updatesByIdAndVersionWithoutReadingTheCollection() {
        long before = scans();

        var moved = places.updateOne(Filters.and(Filters.eq("_id", "tl-7"), Filters.eq("version", 1L)),
                Updates.combine(Updates.set("version", 2L), Updates.set("name", "Lieu sept")));
        var stale = places.updateOne(Filters.and(Filters.eq("_id", "tl-7"), Filters.eq("version", 1L)),
                Updates.set("name", "écrasé"));
        var elsewhere = places.updateOne(Filters.and(Filters.eq("_id", "tl-absent"), Filters.eq("version", 1L)),
                Updates.set("name", "absent"));

        assertThat(moved.getMatchedCount()).isEqualTo(1);
        assertThat(stale.getMatchedCount()).as("a write against a version that moved on").isZero();
        assertThat(elsewhere.getMatchedCount()).isZero();
        assertThat(places.find(Filters.eq("_id", "tl-7")).first())
                .containsEntry("version", 2L).containsEntry("name", "Lieu sept");
        assertThat(scans()).as("collection scans").isEqualTo(before);
    }

    @Test
    void ofConcurrentWritesAgainstOneVersionFromSeveralConnectionsExactlyOneWins() throws Exception {
        // what every aggregate's save relies on (a registry PATCH, a fund's commitment): two clients,
        // each with its connections, 32 threads released together on the same expected version
        try (MongoClient other = MongoClients.create("mongodb://localhost:" + server.getLocalAddress().getPort())) {
            List<MongoCollection<Document>> sides = List.of(places,
                    other.getDatabase("registry").getCollection("third_places"));
            for (int round = 0; round < 5; round++) {
                String id = "tl-" + (10 + round);
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(32);
                List<java.util.concurrent.Future<Long>> matched = new ArrayList<>();
                for (int t = 0; t < 32; t++) {
                    MongoCollection<Document> side = sides.get(t % 2);
                    String name = "écrit par " + t;
                    matched.add(threads.submit(() -> {
                        start.await();
                        return side.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("version", 1L)),
                                Updates.combine(Updates.set("version", 2L), Updates.set("name", name))).getMatchedCount();
                    }));
                }
                start.countDown();
                long winners = 0;
                for (java.util.concurrent.Future<Long> answer : matched) {
                    winners += answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
                }
                threads.shutdown();
                assertThat(winners).as("round %d", round).isEqualTo(1);
                assertThat(places.find(Filters.eq("_id", id)).first()).containsEntry("version", 2L);
            }
        }
    }

    @Test
    void replacesOnlyOlderStatesAndRefusesToUpsertOverANewerOne() {
        long before = scans();
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);

        places.bulkWrite(List.of(
                new ReplaceOneModel<>(Filters.and(Filters.eq("_id", "tl-1"), Filters.lt("version", 3L)),
                        new Document("_id", "tl-1").append("version", 3L).append("name", "Lieu un"), upsert),
                new ReplaceOneModel<>(Filters.and(Filters.eq("_id", "tl-new"), Filters.lt("version", 1L)),
                        new Document("_id", "tl-new").append("version", 1L).append("name", "Nouveau"), upsert)));
        // an older state arriving late: no match, and its upsert meets the _id already there
        assertThatThrownBy(() -> places.bulkWrite(List.of(new ReplaceOneModel<>(
                Filters.and(Filters.eq("_id", "tl-1"), Filters.lt("version", 2L)),
                new Document("_id", "tl-1").append("version", 2L).append("name", "ancien"), upsert))))
                .isInstanceOf(MongoBulkWriteException.class).hasMessageContaining("duplicate key");

        assertThat(places.find(Filters.eq("_id", "tl-1")).first()).containsEntry("version", 3L)
                .containsEntry("name", "Lieu un");
        assertThat(places.find(Filters.eq("_id", "tl-new")).first()).containsEntry("name", "Nouveau");
        assertThat(scans()).as("collection scans").isEqualTo(before);
    }

    @Test
    void findsByIdsWithAnotherConditionAndScansOnlyWithoutAnId() {
        long before = scans();

        List<Document> found = places.find(Filters.and(Filters.in("_id", "tl-1", "tl-2", "tl-3"),
                Filters.ne("name", "Lieu 2"))).into(new ArrayList<>());
        assertThat(found).extracting(doc -> doc.getString("_id")).containsExactlyInAnyOrder("tl-1", "tl-3");
        assertThat(scans()).isEqualTo(before);

        assertThat(places.countDocuments(Filters.eq("name", "Lieu 42"))).isEqualTo(1);
        assertThat(scans()).as("a query without _id still reads the collection").isEqualTo(before + 1);
    }

    @Test
    void findsExactlyTheDocumentsOfAListOfIds() {
        long before = scans();

        List<Document> found = places.find(Filters.in("_id", "tl-3", "tl-absent", "tl-1", "tl-3", "tl-499"))
                .projection(new Document("name", 1)).into(new ArrayList<>());
        List<Document> mixed = places.find(Filters.in("_id", "tl-2", 7L)).into(new ArrayList<>());

        assertThat(found).as("each once, in the order of the ids").extracting(doc -> doc.getString("_id"))
                .containsExactly("tl-1", "tl-3", "tl-499");
        assertThat(found).allSatisfy(doc -> assertThat(doc.keySet()).containsExactlyInAnyOrder("_id", "name"));
        assertThat(found.get(0).getString("name")).isEqualTo("Lieu " + found.get(0).getString("_id").substring(3));
        assertThat(mixed).extracting(doc -> doc.getString("_id")).containsExactly("tl-2");
        assertThat(places.find(Filters.eq("_id", "tl-4")).first()).containsEntry("name", "Lieu 4");
        assertThat(places.find(Filters.eq("_id", "tl-absent")).first()).isNull();
        assertThat(scans()).isEqualTo(before);
    }

    @Test
    void theIdIndexFindsStringIdsAmongTheStoredDocumentsBeforeAndAfterARestart() {
        assertThatThrownBy(() -> places.insertOne(new Document("_id", "tl-7"))).hasMessageContaining("_id_ dup key");
        assertThatThrownBy(() -> places.insertMany(List.of(new Document("_id", "tl-new-1"), new Document("_id", "tl-8"),
                new Document("_id", "tl-new-2")), new InsertManyOptions().ordered(false)))
                .isInstanceOf(MongoBulkWriteException.class).hasMessageContaining("dup key");
        places.deleteOne(Filters.eq("_id", "tl-9"));
        places.insertOne(new Document("_id", "tl-9").append("name", "Lieu 9 bis")); // its id was freed
        places.updateOne(Filters.eq("_id", "tl-upserted"), Updates.set("name", "Nouveau"), new UpdateOptions().upsert(true));
        places.insertOne(new Document("_id", 9).append("name", "un nombre")); // another type, another id
        assertThatThrownBy(() -> places.insertOne(new Document("_id", 9L))).as("9 and 9L are one _id")
                .hasMessageContaining("dup key");

        assertThat(places.find(Filters.regex("_id", "^tl-1")).into(new ArrayList<>())).as("a regular expression on _id")
                .hasSize(1 + 10 + 100);
        assertThat(places.find(Filters.in("_id", "tl-new-1", "tl-new-2", 9L, "tl-9")).into(new ArrayList<>()))
                .extracting(doc -> doc.get("name")).containsExactlyInAnyOrder(null, null, "un nombre", "Lieu 9 bis");

        client.close();
        server.shutdownNow();
        backend = DurableH2Backend.open(dir.resolve("test.mv.db"));
        server = new MongoServer(backend);
        client = MongoClients.create("mongodb://localhost:" + server.bind().getPort());
        places = client.getDatabase("registry").getCollection("third_places");

        assertThat(places.countDocuments()).isEqualTo(PLACES + 4);
        assertThatThrownBy(() -> places.insertOne(new Document("_id", "tl-upserted"))).hasMessageContaining("_id_ dup key");
        assertThatThrownBy(() -> places.insertOne(new Document("_id", 9.0))).hasMessageContaining("dup key");
        assertThat(places.find(Filters.eq("_id", "tl-9")).first()).containsEntry("name", "Lieu 9 bis");
        places.deleteOne(Filters.eq("_id", "tl-upserted"));
        places.insertOne(new Document("_id", "tl-upserted"));
        assertThat(places.countDocuments(Filters.eq("_id", "tl-upserted"))).isEqualTo(1);
    }

    @Test
    void forgetsTheEntriesOfStringIdsThatEarlierVersionsWroteIntoTheIdIndex() {
        places.deleteOne(Filters.eq("_id", "tl-5"));
        client.close();
        server.shutdownNow();
        String indexMap = "registry.third_places._index__id_";
        // as an earlier version left them: an entry per string id, one of a document since deleted
        MVStore file = new MVStore.Builder().fileName(dir.resolve("test.mv.db").toString()).open();
        MVMap<KeyValue, Object> index = file.openMap(indexMap, DurableH2Database.<KeyValue, Object>builderFor(indexMap));
        index.put(new KeyValue("tl-5"), "tl-5");
        index.put(new KeyValue("tl-6"), "tl-6");
        index.put(new KeyValue(42), 42);
        file.close();

        backend = DurableH2Backend.open(dir.resolve("test.mv.db"));
        server = new MongoServer(backend);
        client = MongoClients.create("mongodb://localhost:" + server.bind().getPort());
        places = client.getDatabase("registry").getCollection("third_places");
        places.insertOne(new Document("_id", "tl-5")); // not taken by the stale entry
        assertThatThrownBy(() -> places.insertOne(new Document("_id", "tl-6"))).hasMessageContaining("_id_ dup key");
        client.close();
        server.shutdownNow();

        file = new MVStore.Builder().fileName(dir.resolve("test.mv.db").toString()).readOnly().open();
        index = file.openMap(indexMap, DurableH2Database.<KeyValue, Object>builderFor(indexMap));
        assertThat(index.keySet()).as("no entry of a string id, the others kept").containsExactly(new KeyValue(42));
        file.close();
        server = new MongoServer(DurableH2Backend.open(dir.resolve("test.mv.db"))); // for @AfterEach
        client = MongoClients.create("mongodb://localhost:" + server.bind().getPort());
    }

    @Test
    void refusesToDropTheIdIndexAsMongoDbDoes() {
        places.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true));
        assertThatThrownBy(() -> places.dropIndex("_id_")).hasMessageContaining("cannot drop _id index");
        assertThatThrownBy(() -> places.dropIndex(Indexes.ascending("_id"))).hasMessageContaining("cannot drop _id index");
        places.dropIndexes(); // every index but _id's
        assertThat(places.listIndexes().map(index -> index.getString("name")).into(new ArrayList<>())).containsExactly("_id_");
        assertThatThrownBy(() -> places.insertOne(new Document("_id", "tl-1"))).hasMessageContaining("_id_ dup key");

        places.drop(); // the collection as a whole, its _id index with it
        places.insertOne(new Document("_id", "tl-1"));
        assertThat(places.countDocuments()).isEqualTo(1);
        assertThatThrownBy(() -> places.insertOne(new Document("_id", "tl-1"))).hasMessageContaining("_id_ dup key");
        client.getDatabase("registry").drop();
        assertThat(places.countDocuments()).isZero();
    }

    @Test
    void uniqueIndexesRefuseADuplicateWhateverShapeItsValueHas() {
        MongoCollection<Document> values = client.getDatabase("registry").getCollection("values");
        values.createIndex(Indexes.ascending("siret"), new IndexOptions().unique(true));
        values.createIndex(Indexes.ascending("code.insee"), new IndexOptions().unique(true));
        values.insertOne(new Document("_id", 1).append("siret", List.of("a", "b")).append("code", new Document("insee", "44109")));
        values.insertOne(new Document("_id", "tl-1").append("siret", "c").append("code", new Document("insee", "23096")));

        assertThatThrownBy(() -> values.insertOne(new Document("_id", 1.0))).as("1 and 1.0 are one _id")
                .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> values.insertOne(new Document("_id", "tl-1"))).hasMessageContaining("_id_ dup key");
        assertThatThrownBy(() -> values.insertOne(new Document("_id", "x").append("siret", "b")))
                .as("an element of an array").hasMessageContaining("dup key");
        assertThatThrownBy(() -> values.insertOne(new Document("_id", "y").append("code", new Document("insee", "44109"))))
                .as("a nested field").hasMessageContaining("dup key");
        assertThatThrownBy(() -> values.updateOne(Filters.eq("_id", "tl-1"), Updates.set("siret", "a")))
                .hasMessageContaining("dup key");
        values.insertOne(new Document("_id", "z")); // no siret, no code: one document may lack each (null)
        values.deleteOne(Filters.eq("_id", 1L));
        values.insertOne(new Document("_id", 1).append("siret", "a").append("code", new Document("insee", "44109"))); // freed

        assertThat(values.countDocuments()).isEqualTo(3);
        assertThat(values.find(Filters.eq("siret", "a")).first()).containsEntry("_id", 1);
    }

    private long scans() {
        return ((IdFirstH2Collection) backend.resolveDatabase("registry").resolveCollection("third_places", true))
                .collectionScans();
    }
}
