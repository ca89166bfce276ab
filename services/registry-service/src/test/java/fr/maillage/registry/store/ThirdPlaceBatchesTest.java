package fr.maillage.registry.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import fr.maillage.messaging.OutboxRelay;
import fr.maillage.registry.domain.CommuneRef;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.registry.domain.ThirdPlaceDetails;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * How an import's bulk insertion reads the store's errors. A unit: a replica set's write-concern
 * error cannot be produced by the single-node store the other tests use.
 */
class ThirdPlaceBatchesTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:15:00Z");
    static final CommuneRef NANTES = new CommuneRef("44109", "Nantes", "44", "52", "Nantes Métropole", "244400404",
            "FROM_100000");

    @SuppressWarnings("unchecked")
    final MongoCollection<Document> collection = mock(MongoCollection.class);
    final ThirdPlaceBatches batches;

    ThirdPlaceBatchesTest() {
        MongoDatabase database = mock(MongoDatabase.class);
        when(database.getCollection(RegistryStores.THIRD_PLACES)).thenReturn(collection);
        batches = new ThirdPlaceBatches(database, mock(OutboxRelay.class));
    }

    @Test
    void aPlaceSomeoneElseCreatedMeanwhileIsReportedAsMissed() {
        failBulkWrite(new BulkWriteError(11000, "duplicate key", new BsonDocument(), 1), null);

        assertThat(batches.write(List.of(insert("tl-1"), insert("tl-2")), List.of())).containsExactly("tl-2");
    }

    @Test
    void insertionsNotAcknowledgedByTheReplicaSetAreAFailureNotAnImport() {
        // applied on the primary, which may still roll them back: counting them as imported could lose them unannounced
        failBulkWrite(null, new WriteConcernError(64, "WriteConcernFailed", "waiting for replication timed out",
                new BsonDocument()));

        assertThatThrownBy(() -> batches.write(List.of(insert("tl-1")), List.of()))
                .isInstanceOf(MongoBulkWriteException.class);
    }

    private void failBulkWrite(BulkWriteError writeError, WriteConcernError concernError) {
        when(collection.bulkWrite(anyList(), any(BulkWriteOptions.class))).thenThrow(new MongoBulkWriteException(
                BulkWriteResult.unacknowledged(), writeError == null ? List.of() : List.of(writeError), concernError,
                new ServerAddress(), Set.of()));
    }

    private static ThirdPlaceBatches.Insert insert(String id) {
        ThirdPlace place = ThirdPlace.register(id, new ThirdPlaceDetails("Lieu " + id, null, null, null, NANTES,
                null, null, Set.of(), null, null, null, null, null), null, NOW).place();
        return new ThirdPlaceBatches.Insert(place, List.of());
    }
}
