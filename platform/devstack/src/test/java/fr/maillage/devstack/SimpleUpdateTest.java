package fr.maillage.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store's own path for simple updates ({@link SimpleUpdate}) against the backend's general
 * one: the same random updates, through the real driver, to the store and to the backend's plain
 * H2 store; every answer (matched, modified, upserted, or the error's code) and every document,
 * with its field order and number types, must be the same. Some updates are of another form on
 * purpose (a {@code $set} of an array or a document, a path through a string, two operators on
 * one path), so that both paths meet values the fast one leaves to the backend.
 */
class SimpleUpdateTest {

    private static final JsonWriterSettings EXACT = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    private static final List<String> CELLS = List.of("WORKSHOP|52", "TRAINING|52", "WORKSHOP|11", "2026-11");
    private static final List<String> COUNTERS = List.of("reports", "participants", "hours100");
    private static final List<String> FRAGMENTS = List.of("parts", "applied", "2026-11", "WORKSHOP|52", "reports", "a");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void answersAndStoresWhatTheBackendDoes(long seed) throws InterruptedException {
        Random random = new Random(seed);
        MongoServer reference = new MongoServer(H2Backend.inMemory());
        DurableH2Backend backend = DurableH2Backend.open(dir.resolve("store.mv.db"));
        MongoServer store = new MongoServer(backend);
        try (MongoClient expectedClient = client(reference); MongoClient actualClient = client(store)) {
            MongoCollection<Document> expected = expectedClient.getDatabase("reporting").getCollection("activity_cube");
            MongoCollection<Document> actual = actualClient.getDatabase("reporting").getCollection("activity_cube");
            for (int step = 0; step < 400; step++) {
                if (step == 300) {
                    backend.stopCheckpoints(); // the last hundred steps are in the journal only
                }
                List<UpdateOneModel<Document>> updates = new ArrayList<>();
                int count = random.nextInt(4) == 0 ? 1 + random.nextInt(4) : 1;
                for (int i = 0; i < count; i++) {
                    updates.add(new UpdateOneModel<>(Filters.eq("_id", "d" + random.nextInt(6)), update(random),
                            new UpdateOptions().upsert(random.nextInt(4) != 0)));
                }
                boolean ordered = random.nextBoolean();
                assertThat(outcome(actual, updates, ordered)).as("step %d: %s", step, updates)
                        .isEqualTo(outcome(expected, updates, ordered));
                if (step % 50 == 49) {
                    assertThat(documents(actual)).as("after step %d", step).isEqualTo(documents(expected));
                }
            }
            assertThat(documents(actual)).isEqualTo(documents(expected));
            long fast = ((IdFirstH2Collection) backend.resolveDatabase("reporting").resolveCollection("activity_cube", true))
                    .simpleUpdates();
            assertThat(fast).as("updates the store applied itself").isGreaterThan(150);

            List<String> before = documents(actual);
            backend.halt(); // as kill -9 leaves it: the pages of the last checkpoint, then the journal
            store.shutdownNow();
            store = new MongoServer(DurableH2Backend.open(dir.resolve("store.mv.db")));
            try (MongoClient reopened = client(store)) {
                assertThat(documents(reopened.getDatabase("reporting").getCollection("activity_cube")))
                        .as("as replayed from the journal").isEqualTo(before);
            }
        } finally {
            reference.shutdownNow();
            store.shutdownNow();
        }
    }

    @Test
    void leavesADocumentTheBackendWouldRefuseToRewriteToTheBackend() {
        MongoServer reference = new MongoServer(H2Backend.inMemory());
        MongoServer store = new MongoServer(DurableH2Backend.open(dir.resolve("store.mv.db")));
        try (MongoClient expectedClient = client(reference); MongoClient actualClient = client(store)) {
            MongoCollection<Document> expected = expectedClient.getDatabase("reporting").getCollection("odd");
            MongoCollection<Document> actual = actualClient.getDatabase("reporting").getCollection("odd");
            List<Document> odd = List.of(new Document("_id", "dot").append("a.b", 1),
                    new Document("_id", "dollar").append("$x", 1), new Document("_id", "array").append("list", List.of(
                            new Document("$y", 1))));
            for (Document document : odd) {
                assertThat(insert(actual, document)).isEqualTo(insert(expected, document));
                List<UpdateOneModel<Document>> update = List.of(new UpdateOneModel<>(Filters.eq("_id", document.get("_id")),
                        new Document("$inc", new Document("n", 1))));
                assertThat(outcome(actual, update, true)).as(document.toJson()).isEqualTo(outcome(expected, update, true));
            }
            assertThat(documents(actual)).isEqualTo(documents(expected));
        } finally {
            reference.shutdownNow();
            store.shutdownNow();
        }
    }

    private static String insert(MongoCollection<Document> collection, Document document) {
        try {
            collection.insertOne(document);
            return "inserted";
        } catch (MongoException e) {
            return "error " + e.getCode();
        }
    }

    @Test
    void leavesAnIndexedFieldToTheBackend() {
        DurableH2Backend backend = DurableH2Backend.open(dir.resolve("store.mv.db"));
        MongoServer store = new MongoServer(backend);
        try (MongoClient client = client(store)) {
            MongoCollection<Document> places = client.getDatabase("reporting").getCollection("activity_places");
            places.createIndex(new Document("rank", 1), new com.mongodb.client.model.IndexOptions().unique(true));
            places.insertOne(new Document("_id", "p1").append("rank", 1));
            places.insertOne(new Document("_id", "p2").append("rank", 2));
            places.updateOne(Filters.eq("_id", "p1"), new Document("$inc", new Document("rank", 2)));
            places.updateOne(Filters.eq("_id", "p2"), new Document("$inc", new Document("rank", 3)));
            assertThat(places.find(Filters.eq("rank", 5)).first()).containsEntry("_id", "p2");
            assertThat(places.find(Filters.eq("rank", 2)).first()).isNull();
        } finally {
            store.shutdownNow();
        }
    }

    private static Document update(Random random) {
        Document update = new Document();
        int fields = 1 + random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            String operator = switch (random.nextInt(20)) {
                case 0, 1 -> "$set";
                case 2 -> "$setOnInsert";
                case 3, 4, 5, 6, 7, 8 -> "$max";
                default -> "$inc";
            };
            Object value = operator.startsWith("$set") ? setValue(random) : number(random);
            Document fieldsOf = (Document) update.computeIfAbsent(operator, o -> new Document());
            fieldsOf.append(path(random), value);
        }
        return update;
    }

    /** Mostly the paths reporting writes; one in twenty of any shape, which may break a document's. */
    private static String path(Random random) {
        int shape = random.nextInt(20);
        if (shape < 12) {
            return "parts." + CELLS.get(random.nextInt(CELLS.size())) + "." + COUNTERS.get(random.nextInt(COUNTERS.size()));
        }
        if (shape < 19) {
            return "applied.activity_events-" + random.nextInt(3);
        }
        int depth = 1 + random.nextInt(3);
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            path.append(i == 0 ? "" : ".").append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
        }
        return path.toString();
    }

    private static Object number(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> Integer.MAX_VALUE - random.nextInt(3);
            case 1 -> Long.MAX_VALUE - random.nextInt(3);
            case 2 -> random.nextInt(3) * 0.5;
            case 3, 4 -> (long) (random.nextInt(7) - 3);
            default -> random.nextInt(7) - 3;
        };
    }

    /** Mostly plain values; now and then one the store leaves to the backend. */
    private static Object setValue(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> "texte";
            case 1 -> "WORKSHOP:" + random.nextInt(3);
            case 2 -> random.nextBoolean();
            case 3 -> List.of(1, 2);
            case 4 -> new Document("reports", 1);
            case 5 -> new Date(1_767_225_600_000L + random.nextInt(3) * 1_000L);
            default -> number(random);
        };
    }

    private static String outcome(MongoCollection<Document> collection, List<UpdateOneModel<Document>> updates,
                                  boolean ordered) {
        List<WriteModel<Document>> models = new ArrayList<>(updates);
        try {
            BulkWriteResult result = collection.bulkWrite(models, new BulkWriteOptions().ordered(ordered));
            return describe(result);
        } catch (MongoBulkWriteException e) {
            return describe(e.getWriteResult()) + " errors " + e.getWriteErrors().stream()
                    .map(error -> error.getIndex() + ":" + error.getCode()).toList();
        } catch (MongoException e) {
            return "error " + e.getCode();
        } catch (RuntimeException e) { // an error the driver cannot read (the backend's "illegal field name" has no code)
            return "unreadable error " + e.getClass().getSimpleName();
        }
    }

    private static String describe(BulkWriteResult result) {
        return "matched " + result.getMatchedCount() + " modified " + result.getModifiedCount() + " upserts "
                + result.getUpserts().stream().map(upsert -> upsert.getIndex() + ":" + upsert.getId()).toList();
    }

    private static List<String> documents(MongoCollection<Document> collection) {
        Function<Document, String> exact = document -> document.toJson(EXACT);
        return collection.find().sort(Sorts.ascending("_id")).map(exact::apply).into(new ArrayList<>());
    }

    private static MongoClient client(MongoServer server) {
        InetSocketAddress address = server.bind();
        return MongoClients.create("mongodb://localhost:" + address.getPort());
    }
}
