package fr.maillage.reporting.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import fr.maillage.reporting.domain.ActivityFilter;
import fr.maillage.reporting.domain.ActivityReport;
import fr.maillage.reporting.domain.Measures;
import fr.maillage.reporting.domain.RevisionWalk.Sourced;
import fr.maillage.testsupport.TestStack;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a fact keeps the transitions not yet known to be counted, against the MongoDB-wire server:
 * a first revision in two values, read back from the fact itself; a correction with its cells.
 * Both must bring the counters back when the counter writes were lost and the batch is replayed.
 */
class ActivityFactsTest {

    private static MongoClient client;
    private static MongoDatabase database;

    @BeforeAll
    static void connect() {
        TestStack.start();
        client = MongoClients.create(TestStack.mongoUri());
        database = client.getDatabase("reporting-facts-" + UUID.randomUUID());
    }

    @AfterAll
    static void close() {
        database.drop();
        client.close();
    }

    private static ActivityReport report(long revision, String month, int participants) {
        return new ActivityReport("pub|r1", revision, month, "WORKSHOP", "52", "fab-1", "place-1", participants, 250);
    }

    @Test
    void aFirstRevisionIsKeptInTwoValuesAndCountedAgainWhenItsCountersWereLost() {
        ActivityProjection projection = new ActivityProjection(database, "_first");
        projection.apply(List.of(new Sourced<>("activity-0", 5, report(0, "2026-10", 12))));

        BsonArray pending = fact("_first").getArray("pending");
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).asArray()).as("source and offset only").hasSize(2);

        // a crash after the facts and before the counters: the replayed batch must count it all the same
        lostCounters("_first");
        ActivityProjection restarted = new ActivityProjection(database, "_first");
        restarted.apply(List.of(new Sourced<>("activity-0", 5, report(0, "2026-10", 12))));

        assertThat(restarted.view().summary(ActivityFilter.ALL).total()).isEqualTo(new Measures(1, 12, 250));
        assertThat(restarted.place("place-1")).containsOnlyKeys("2026-10");
    }

    @Test
    void aCorrectionKeepsItsCellsAndMovesTheCountWhenReplayed() {
        ActivityProjection projection = new ActivityProjection(database, "_correction");
        projection.apply(List.of(new Sourced<>("activity-0", 5, report(0, "2026-10", 12))));
        projection.apply(List.of(new Sourced<>("activity-0", 6, report(1, "2026-11", 20))));

        BsonArray pending = fact("_correction").getArray("pending");
        assertThat(pending).as("the first revision is counted: only the correction is pending").hasSize(1);
        assertThat(pending.get(0).asArray().size()).as("with the cells it takes from and adds to").isGreaterThan(2);
        assertThat(projection.view().summary(ActivityFilter.ALL).byMonth()).containsOnlyKeys("2026-11");

        lostCounters("_correction");
        ActivityProjection restarted = new ActivityProjection(database, "_correction");
        restarted.apply(List.of(new Sourced<>("activity-0", 6, report(1, "2026-11", 20))));

        // only the correction is replayed onto empty counters: its delta moves one report out of
        // October (now -1 there) and into November, exactly what it did the first time
        assertThat(restarted.view().summary(ActivityFilter.ALL).byMonth().get("2026-11"))
                .isEqualTo(new Measures(1, 20, 250));
    }

    private static BsonDocument fact(String suffix) {
        return database.getCollection("activity_reports" + suffix, BsonDocument.class)
                .find(Filters.eq("_id", "pub|r1")).first();
    }

    private static void lostCounters(String suffix) {
        database.getCollection("activity_cube" + suffix).drop();
        database.getCollection("activity_places" + suffix).drop();
    }
}
