package fr.maillage.reporting.store;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
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

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A batch that fails after some of its counter documents were written, against the MongoDB-wire
 * server behind a proxy that loses chosen writes and reads: its retry skips what was written, so
 * the view must be read again from the store, even when the first attempt to read it fails too.
 */
class PartialCounterWritesTest {

    private static MongoClient client;
    private static MongoDatabase database;

    /** What the proxy does to a call, by collection and method. */
    private enum Fault { NONE, ANSWER_LOST, READS_FAIL }

    private static volatile Fault fault = Fault.NONE;

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
        ActivityProjection projection = new ActivityProjection(faulty(name -> name.startsWith("activity_cube")),
                "_activity");
        List<Sourced<ActivityReport>> batch = List.of(new Sourced<>("activity-0", 5,
                new ActivityReport("pub|r1", 0, "2026-10", "WORKSHOP", "52", "fab-1", "place-1", 12, 250)));

        fault = Fault.ANSWER_LOST;
        assertThatThrownBy(() -> projection.apply(batch)).as("the cube written, its answer lost")
                .isInstanceOf(MongoSocketReadException.class);
        fault = Fault.READS_FAIL;
        assertThatThrownBy(() -> projection.apply(batch)).as("the retry's refresh, the store still down")
                .isInstanceOf(MongoSocketReadException.class);
        fault = Fault.NONE;
        projection.apply(batch);

        assertThat(projection.view().summary(ActivityFilter.ALL).total()).isEqualTo(new Measures(1, 12, 250));
        ActivityProjection reopened = new ActivityProjection(database, "_activity");
        reopened.load();
        assertThat(reopened.view().summary(ActivityFilter.ALL).total()).isEqualTo(new Measures(1, 12, 250));
    }

    @Test
    void indicatorTotalsWhoseWriteLostItsAnswerAreInTheViewAfterTheRetry() {
        IndicatorsProjection projection = new IndicatorsProjection(faulty(name -> name.startsWith("indicator_totals")),
                "_indicators");
        List<Sourced<MonthlyIndicators>> batch = List.of(new Sourced<>("activity-1", 7,
                new MonthlyIndicators("place-1", "2026-10", 0, "52", 12, null, null, null, null)));

        fault = Fault.ANSWER_LOST;
        assertThatThrownBy(() -> projection.apply(batch)).isInstanceOf(MongoSocketReadException.class);
        fault = Fault.NONE;
        projection.apply(batch);

        IndicatorTotals totals = projection.view().byMonth(new ActivityFilter(null, null, null, null)).get("2026-10");
        assertThat(totals).as("the month is in the view").isNotNull();
        assertThat(totals.value(Indicator.MEMBERS)).isEqualTo(12L);
    }

    /** The database, its chosen collections behind the fault of the moment. */
    private static MongoDatabase faulty(Predicate<String> chosen) {
        return (MongoDatabase) Proxy.newProxyInstance(MongoDatabase.class.getClassLoader(),
                new Class<?>[]{MongoDatabase.class}, (proxy, method, args) -> {
                    Object result = invoke(method, database, args);
                    if (method.getName().equals("getCollection") && chosen.test((String) args[0])) {
                        return collection((MongoCollection<?>) result);
                    }
                    return result;
                });
    }

    private static MongoCollection<?> collection(MongoCollection<?> real) {
        return (MongoCollection<?>) Proxy.newProxyInstance(MongoCollection.class.getClassLoader(),
                new Class<?>[]{MongoCollection.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (fault == Fault.READS_FAIL) {
                        throw lost();
                    }
                    Object result = invoke(method, real, args);
                    if (fault == Fault.ANSWER_LOST && name.equals("bulkWrite")) {
                        throw lost(); // written, but the answer never came back
                    }
                    return result;
                });
    }

    private static MongoSocketReadException lost() {
        return new MongoSocketReadException("the store went away (test)", new ServerAddress());
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
