package fr.maillage.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.mongodb.MongoException;
import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's journal and checkpoints seen from a client, across clean stops (hard kills: MongoWireServerDurabilityTest). */
class DurableH2BackendTest {

    @TempDir
    Path dir;

    @Test
    void aCleanStopLeavesEveryDocumentAndIndexAndAJournalWithNothingToReplay() throws IOException {
        Path file = dir.resolve("store.mv.db");
        withStore(file, places -> {
            places.createIndex(Indexes.ascending("siret"), new IndexOptions().unique(true));
            List<Document> documents = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                documents.add(new Document("_id", "tl-" + i).append("siret", "siret-" + i));
            }
            places.insertMany(documents);
            places.deleteOne(Filters.eq("_id", "tl-0"));
        });

        withStore(file, places -> {
            assertThat(places.countDocuments()).isEqualTo(99);
            assertThat(places.find(Filters.eq("siret", "siret-7")).first()).containsEntry("_id", "tl-7");
            places.insertOne(new Document("_id", "tl-0").append("siret", "siret-0")); // both keys were freed
        });
        assertThat(segments(file)).as("one segment, the one the next writes go to").hasSize(1);
        assertThat(Files.size(segments(file).get(0))).isZero();
    }

    @Test
    void segmentsBesideAStoreThatNeverHadAJournalAreNotReplayed() throws IOException {
        Path file = dir.resolve("store.mv.db");
        Path journal = dir.resolve("store.mv.db.journal");
        Files.createDirectories(journal);
        Files.write(journal.resolve("00000000000000000000.journal"), new byte[] {0, 0, 0, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        // a later one too: the new journal's first segment (at 0) would only have truncated the first,
        // and this one would be replayed after the store's first checkpoint
        Files.write(journal.resolve("00000000000000000013.journal"), new byte[] {0, 0, 0, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9});

        withStore(file, places -> assertThat(places.countDocuments()).isZero());

        assertThat(segments(file)).as("the stray segments were deleted, not kept for a replay").hasSize(1);
        assertThat(segments(file).get(0).getFileName().toString()).isEqualTo("00000000000000000000.journal");
        assertThat(Files.size(segments(file).get(0))).isZero();
    }

    @Test
    void aJournalThatCannotBeWrittenStopsTheStoreAtItsFirstFailure() throws Exception {
        AtomicReference<IOException> told = new AtomicReference<>();
        DurableH2Backend backend = DurableH2Backend.open(dir.resolve("store.mv.db"), told::set);
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://localhost:" + address.getPort()
                + "/?serverSelectionTimeoutMS=2000")) {
            MongoCollection<Document> places = client.getDatabase("registry").getCollection("third_places");
            places.insertOne(new Document("_id", "a"));
            assertThat(told.get()).isNull();

            // the disk fails under the journal (a full disk, say); no checkpoint may open a new
            // segment meanwhile
            backend.stopCheckpoints();
            Field journalField = DurableH2Backend.class.getDeclaredField("journal");
            journalField.setAccessible(true);
            Object journal = journalField.get(backend);
            Field segment = journal.getClass().getDeclaredField("segment");
            segment.setAccessible(true);
            ((FileChannel) segment.get(journal)).close();

            assertThatThrownBy(() -> places.insertOne(new Document("_id", "b"))).isInstanceOf(MongoException.class);
            assertThat(told.get()).as("told, which stops the process outside tests").isNotNull();
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void refusesTheDatabaseNamesItsOwnMapsBeginWith() {
        MongoServer server = new MongoServer(DurableH2Backend.open(dir.resolve("store.mv.db")));
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://localhost:" + address.getPort())) {
            for (String reserved : List.of("meta", "databases")) {
                assertThatThrownBy(() -> client.getDatabase(reserved).getCollection("c").insertOne(new Document("_id", 1)))
                        .isInstanceOf(MongoException.class).hasMessageContaining("reserves the database name");
            }
            client.getDatabase("metadata").getCollection("c").insertOne(new Document("_id", 1)); // only those names
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void refusesToMoveACollectionWhichItsBackendWouldEmptyAtTheNextStart() {
        withStore(dir.resolve("store.mv.db"), places -> {
            places.insertOne(new Document("_id", "tl-1"));
            assertThatThrownBy(() -> places.renameCollection(new MongoNamespace("registry", "lieux")))
                    .isInstanceOf(MongoException.class).hasMessageContaining("does not move collections");
            assertThatThrownBy(() -> places.aggregate(List.of(Aggregates.out("copy"))).toCollection())
                    .isInstanceOf(MongoException.class).hasMessageContaining("does not move collections");
            assertThat(places.countDocuments()).isEqualTo(1);
        });
    }

    private interface Work {
        void on(MongoCollection<Document> places);
    }

    private static void withStore(Path file, Work work) {
        MongoServer server = new MongoServer(DurableH2Backend.open(file));
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://localhost:" + address.getPort())) {
            work.on(client.getDatabase("registry").getCollection("third_places"));
        } finally {
            server.shutdownNow();
        }
    }

    private static List<Path> segments(Path file) throws IOException {
        try (Stream<Path> files = Files.list(file.resolveSibling(file.getFileName() + ".journal"))) {
            return files.sorted().toList();
        }
    }
}
