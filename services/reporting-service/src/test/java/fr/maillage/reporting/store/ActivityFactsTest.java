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
        assertThat(restarted.place("place-1")).containsOnlyKeys(new ActivityProjection.PlaceMonth("2026-10", "52"));
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
        assertThat(restarted.view().summary(ActivityFilter.ALL).byMonth().get("2026-10"))
                .as("the revision it replaces taken out, from counters that lost it").isEqualTo(new Measures(-1, -12, -250));
        assertThat(restarted.view().summary(ActivityFilter.ALL).total()).isEqualTo(new Measures(0, 8, 0));
        assertThat(restarted.place("place-1")).containsOnlyKeys(new ActivityProjection.PlaceMonth("2026-10", "52"),
                new ActivityProjection.PlaceMonth("2026-11", "52"));
    }

    /**
     * Two consumers (two instances, or two consumers of one group) apply at the same moment
     * revisions of the same reports from two partitions, as when corrections move reports to
     * tiers-lieux keyed to the other partition: each report must be counted once, as its latest
     * revision, whatever the interleaving.
     */
    @Test
    void consumersOfTwoPartitionsApplyingRevisionsOfTheSameReportsAtOnceCountEachOnce() throws Exception {
        int reports = 40;
        int revisions = 12;
        ActivityProjection first = new ActivityProjection(database, "_shared");
        ActivityProjection second = new ActivityProjection(database, "_shared");
        // even revisions arrive on activity-0, odd ones on activity-1, each partition in offset order
        consumeTwoPartitionsAtOnce(partition -> {
            ActivityProjection projection = partition == 0 ? first : second;
            String source = "activity-" + partition;
            long offset = 0;
            for (int revision = partition; revision < revisions; revision += 2) {
                List<Sourced<ActivityReport>> batch = new java.util.ArrayList<>();
                for (int r = 0; r < reports; r++) {
                    batch.add(new Sourced<>(source, offset++, moved("pub|r" + r, revision)));
                }
                projection.apply(batch);
            }
        });

        ActivityProjection reader = new ActivityProjection(database, "_shared");
        reader.load();
        ActivityReport last = moved("any", revisions - 1);
        assertThat(reader.view().summary(ActivityFilter.ALL).byMonth())
                .as("every report once, as its latest revision").containsOnlyKeys(last.month());
        assertThat(reader.view().summary(ActivityFilter.ALL).total())
                .isEqualTo(new Measures(reports, (long) reports * last.participants(), reports * 250L));
        for (int revision = 0; revision < revisions - 1; revision++) {
            assertThat(reader.place("place-" + revision)).as("place-" + revision + " holds nothing").isEmpty();
        }
        assertThat(reader.place("place-" + (revisions - 1)))
                .containsOnlyKeys(new ActivityProjection.PlaceMonth(last.month(), last.region()));
    }

    /**
     * One instance's consumers add what each batch counted to the view instead of reading the
     * counters back: after batches applied at once from two partitions (corrections moving reports
     * between months), the view must equal what a new instance reads from the store.
     */
    @Test
    void theViewAddedToBatchByBatchEqualsTheCountersInTheStore() throws Exception {
        ActivityProjection projection = new ActivityProjection(database, "_incremental");
        consumeTwoPartitionsAtOnce(partition -> {
            String source = "activity-" + partition;
            long offset = 0;
            for (int revision = partition; revision < 8; revision += 2) {
                List<Sourced<ActivityReport>> batch = new java.util.ArrayList<>();
                for (int r = 0; r < 30; r++) {
                    batch.add(new Sourced<>(source, offset++, moved("pub|i" + r, revision)));
                    batch.add(new Sourced<>(source, offset++, new ActivityReport("pub|" + source + "-" + revision
                            + "-" + r, 0, "2025-12", "EVENT", "84", "fab-2", "place-x", r, 100)));
                }
                projection.apply(batch);
            }
        });

        ActivityProjection reader = new ActivityProjection(database, "_incremental");
        reader.load();
        assertThat(projection.view().summary(ActivityFilter.ALL))
                .isEqualTo(reader.view().summary(ActivityFilter.ALL));
        assertThat(projection.view().byNetwork(ActivityFilter.ALL))
                .isEqualTo(reader.view().byNetwork(ActivityFilter.ALL))
                .containsOnlyKeys("fab-1", "fab-2");
        assertThat(projection.view().summary(ActivityFilter.ALL).byMonth())
                .as("30 reports moved to their last month, 240 first revisions in December")
                .containsOnlyKeys(moved("any", 7).month(), "2025-12");
        assertThat(projection.view().summary(ActivityFilter.ALL).total().reports()).isEqualTo(30 + 240);
    }

    /** Runs the consumer of partitions 0 and 1 on two threads at once; fails with what either threw. */
    private static void consumeTwoPartitionsAtOnce(java.util.function.IntConsumer consumer) throws InterruptedException {
        List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Thread> threads = new java.util.ArrayList<>();
        for (int partition = 0; partition < 2; partition++) {
            int assigned = partition;
            threads.add(new Thread(() -> {
                try {
                    consumer.accept(assigned);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        assertThat(failures).isEmpty();
    }

    /** A revision that moves the report to another month, tiers-lieu and number of participants. */
    private static ActivityReport moved(String id, int revision) {
        return new ActivityReport(id, revision, String.format("2025-%02d", revision + 1), "WORKSHOP", "52", "fab-1",
                "place-" + revision, 10 + revision, 250);
    }

    private static BsonDocument fact(String suffix) {
        return database.getCollection("activity_reports" + suffix, BsonDocument.class)
                .find(Filters.eq("_id", "pub|r1")).first();
    }

    private static void lostCounters(String suffix) {
        database.getCollection("activity_counters" + suffix).drop();
        database.getCollection("activity_place_months" + suffix).drop();
    }
}
