package fr.maillage.reporting.store;

import com.mongodb.MongoSocketReadException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import fr.maillage.reporting.StoreFaults;
import fr.maillage.reporting.domain.ActivityFilter;
import fr.maillage.reporting.domain.ActivityReport;
import fr.maillage.reporting.domain.Indicator;
import fr.maillage.reporting.domain.IndicatorTotals;
import fr.maillage.reporting.domain.Measures;
import fr.maillage.reporting.domain.MonthlyIndicators;
import fr.maillage.reporting.domain.RevisionWalk.Sourced;
import fr.maillage.testsupport.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A batch that fails after some of its counter documents were written, against the MongoDB-wire
 * server behind {@link StoreFaults}, which loses chosen writes' answers and reads: its retry skips what was written, so
 * the view must be read again from the store, even when the first attempt to read it fails too.
 */
class PartialCounterWritesTest {

    private static MongoClient client;
    private static MongoDatabase database;

    private final StoreFaults faults = new StoreFaults();

    @BeforeAll
    static void connect() {
        TestStack.start();
        client = MongoClients.create(TestStack.mongoUri());
        database = client.getDatabase("reporting-partial-" + UUID.randomUUID());
    }

    @AfterAll
    static void close() {
        database.drop();
        client.close();
    }

    @Test
    void activityCountersWrittenBeforeAFailureAreInTheViewOnceTheStoreIsBack() {
        ActivityProjection projection = new ActivityProjection(faults.wrap(database), "_activity");
        List<Sourced<ActivityReport>> batch = List.of(new Sourced<>("activity-0", 5,
                new ActivityReport("pub|r1", 0, "2026-10", "WORKSHOP", "52", "fab-1", "place-1", 12, 250)));

        faults.loseAnswer("activity_counters", "bulkWrite", 1);
        assertThatThrownBy(() -> projection.apply(batch)).as("the cube written, its answer lost")
                .isInstanceOf(MongoSocketReadException.class);
        faults.fail("activity_counters", "find", 1);
        assertThatThrownBy(() -> projection.apply(batch)).as("the retry's refresh, the store still down")
                .isInstanceOf(MongoSocketReadException.class);
        assertThat(faults.allHappened()).isTrue();
        projection.apply(batch);

        assertThat(projection.view().summary(ActivityFilter.ALL).total()).isEqualTo(new Measures(1, 12, 250));
        ActivityProjection reopened = new ActivityProjection(database, "_activity");
        reopened.load();
        assertThat(reopened.view().summary(ActivityFilter.ALL).total()).isEqualTo(new Measures(1, 12, 250));
    }

    @Test
    void indicatorTotalsWhoseWriteLostItsAnswerAreInTheViewAfterTheRetry() {
        IndicatorsProjection projection = new IndicatorsProjection(faults.wrap(database), "_indicators");
        List<Sourced<MonthlyIndicators>> batch = List.of(new Sourced<>("activity-1", 7,
                new MonthlyIndicators("place-1", "2026-10", 0, "52", 12, null, null, null, null)));

        faults.loseAnswer("indicator_totals", "bulkWrite", 1);
        assertThatThrownBy(() -> projection.apply(batch)).isInstanceOf(MongoSocketReadException.class);
        assertThat(faults.allHappened()).isTrue();
        projection.apply(batch);

        IndicatorTotals totals = projection.view().byMonth(new ActivityFilter(null, null, null, null)).get("2026-10");
        assertThat(totals).as("the month is in the view").isNotNull();
        assertThat(totals.value(Indicator.MEMBERS)).isEqualTo(12L);
    }

}
