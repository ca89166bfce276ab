package fr.maillage.activity.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import fr.maillage.activity.domain.ActivityReport;
import fr.maillage.activity.domain.Audience;
import fr.maillage.activity.domain.Category;
import fr.maillage.activity.domain.MonthlyIndicators;
import fr.maillage.activity.domain.Revisions;
import fr.maillage.activity.domain.Submission;
import fr.maillage.testsupport.TestStack;
import fr.maillage.testsupport.WithTestStack;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@WithTestStack
class AcceptedReportsTest {

    private static MongoClient client;
    private static AcceptedReports store;
    private final String publisher = "org-" + UUID.randomUUID();

    @BeforeAll
    static void connect() {
        client = MongoClients.create(TestStack.mongoUri());
        store = new AcceptedReports(client.getDatabase("activity-store-test"));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void recordsNewReportsAndFindsThemInBulk() {
        List<ActivityReport> reports = IntStream.range(0, 500).mapToObj(i -> report("r-" + i, 0, i)).toList();

        store.record(publisher, reports, Instant.now(), Set.of());

        Map<String, Revisions.Accepted> found = store.find(publisher, List.of("r-0", "r-499", "r-500"));
        assertThat(found).containsOnlyKeys("r-0", "r-499");
        assertThat(found.get("r-499")).isEqualTo(new Revisions.Accepted(Submission.Kind.ACTIVITY_REPORT, 0,
                reports.get(499).contentHash()));
        assertThat(store.find("another-publisher", List.of("r-0"))).isEmpty();
    }

    @Test
    void monthlyIndicatorsAreRecordedWithTheirTiersLieuAndMonth_andTheirSubjectClaimedOnce() {
        MonthlyIndicators indicators = new MonthlyIndicators("i-1", 0, "tl-9", YearMonth.of(2026, 9), 12, null, null,
                null, null);
        store.record(publisher, List.of(indicators), Instant.now(), Set.of());
        // a report recorded before subjects were kept has none; its next revision, a raise, writes it
        String id = publisher + "|i-2";
        client.getDatabase("activity-store-test").getCollection("accepted_reports").insertOne(new Document("_id", id)
                .append("r", 0).append("publisherId", publisher).append("h", new Document("0", "MONTHLY_INDICATORS:x")));
        assertThat(store.find(publisher, List.of("i-2")).get("i-2").subject()).isNull();
        store.record(publisher, List.of(new MonthlyIndicators("i-2", 1, "tl-9", YearMonth.of(2026, 8), 12, null, null,
                null, null)), Instant.now(), Set.of("i-2"));

        assertThat(store.find(publisher, List.of("i-1", "i-2"))).extractingByKeys("i-1", "i-2")
                .extracting(Revisions.Accepted::subject).containsExactly("tl-9|2026-09", "tl-9|2026-08");
        assertThat(store.find(publisher, List.of("i-1")).get("i-1").kind()).isEqualTo(Submission.Kind.MONTHLY_INDICATORS);

    }

    @Test
    void aSubjectIsClaimedOnce_raisedByItsOwner_andTakenOverOnlyFromTheOwnerAndRevisionRead() {
        SubjectOwners owners = new SubjectOwners(client.getDatabase("activity-store-test"), store);
        String subject = "tl-" + UUID.randomUUID() + "|2026-09";
        Revisions.Owner first = new Revisions.Owner(publisher, "i-1", 0);
        Revisions.Owner other = new Revisions.Owner("org-other", "x", 0);

        assertThat(claim(owners, subject, first, null)).isEqualTo(first);
        Revisions.Owner raised = new Revisions.Owner(publisher, "i-1", 2);
        assertThat(claim(owners, subject, raised, first)).isEqualTo(raised);
        assertThat(claim(owners, subject, other, null)).as("a second first claim").isEqualTo(raised);
        assertThat(claim(owners, subject, new Revisions.Owner("org-other", "x", 3), first))
                .as("a takeover over a revision no longer the owner's").isEqualTo(raised);
        Revisions.Owner takenOver = new Revisions.Owner("org-other", "x", 3);
        assertThat(claim(owners, subject, takenOver, raised)).isEqualTo(takenOver);
        assertThat(claim(owners, subject, new Revisions.Owner(publisher, "i-1", 4), raised))
                .as("the former owner's next revision").isEqualTo(takenOver);
        assertThat(owners.find(List.of(subject, "tl-none|2026-09"))).containsExactly(Map.entry(subject, takenOver));
    }

    private static Revisions.Owner claim(SubjectOwners owners, String subject, Revisions.Owner owner, Revisions.Owner over) {
        return owners.claim(Map.of(subject, new SubjectOwners.Claim(owner, over)), Instant.now()).get(subject);
    }

    @Test
    void aHigherRevisionReplacesAndALowerOneNeverWinsWhateverTheOrder() {
        store.record(publisher, List.of(report("r-1", 2, 20)), Instant.now(), Set.of());

        store.record(publisher, List.of(report("r-1", 1, 10)), Instant.now(), Set.of("r-1"));
        assertThat(store.find(publisher, List.of("r-1")).get("r-1"))
                .isEqualTo(new Revisions.Accepted(Submission.Kind.ACTIVITY_REPORT, 2, report("r-1", 2, 20).contentHash()));

        store.record(publisher, List.of(report("r-1", 3, 30)), Instant.now(), Set.of("r-1"));
        assertThat(store.find(publisher, List.of("r-1")).get("r-1").revision()).isEqualTo(3);
    }

    @Test
    void aReportRecordedMeanwhileByAnotherRequestIsRaisedInPlace() {
        store.record(publisher, List.of(report("r-1", 0, 5)), Instant.now(), Set.of());

        // this request did not find r-1 when it read: its insert meets the document and raises it
        store.record(publisher, List.of(report("r-1", 1, 6), report("r-2", 0, 7)), Instant.now(), Set.of());

        Map<String, Revisions.Accepted> found = store.find(publisher, List.of("r-1", "r-2"));
        assertThat(found.get("r-1").revision()).isEqualTo(1);
        assertThat(found.get("r-1").contentHash()).isEqualTo(report("r-1", 1, 6).contentHash());
        assertThat(found.get("r-2").revision()).isZero();
    }

    @Test
    void concurrentRevisionsEndWithTheHighestAndItsOwnHash() {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> writers = IntStream.rangeClosed(0, 7)
                    .mapToObj(revision -> CompletableFuture.runAsync(() ->
                            store.record(publisher, List.of(report("r-1", revision, revision)), Instant.now(), Set.of()), pool))
                    .toList();
            writers.forEach(CompletableFuture::join);
        } finally {
            pool.shutdown();
        }

        assertThat(store.find(publisher, List.of("r-1")).get("r-1"))
                .isEqualTo(new Revisions.Accepted(Submission.Kind.ACTIVITY_REPORT, 7, report("r-1", 7, 7).contentHash()));
    }

    @Test
    void reportIdsWithDotsAndThousandsOfReportsStayApart() {
        List<ActivityReport> reports = IntStream.range(0, 2_000).mapToObj(i -> report("2026.10.r-" + i, i % 3, i)).toList();

        store.record(publisher, reports, Instant.now(), Set.of());

        Map<String, Revisions.Accepted> found = store.find(publisher,
                reports.stream().map(ActivityReport::reportId).toList());
        assertThat(found).hasSize(2_000);
        assertThat(found.get("2026.10.r-1234")).isEqualTo(new Revisions.Accepted(Submission.Kind.ACTIVITY_REPORT,
                1234 % 3, reports.get(1234).contentHash()));
        assertThat(store.find(publisher, List.of("2026.10.r-12345", "2026.10.r"))).isEmpty();
    }

    @Test
    void reportsOfTheEarlierBucketLayoutAreReadThenMovedWithoutLoweringALaterRevision() {
        MongoDatabase database = client.getDatabase("activity-buckets-" + UUID.randomUUID().toString().substring(0, 8));
        String legacy = "org-legacy";
        // two reports as the earlier layout kept them: in the bucket of their reportId's hash, a dot as '~'
        for (String reportId : List.of("2025.r-1", "r-2")) {
            int revision = reportId.equals("r-2") ? 1 : 0;
            database.getCollection(AcceptedReports.BUCKETS).updateOne(
                    Filters.eq("_id", legacy + "|" + Math.floorMod(reportId.hashCode(), 32)),
                    new Document("$set", new Document("reports." + reportId.replace('.', '~'), new Document("r", revision)
                            .append("h", new Document(Integer.toString(revision), "ACTIVITY_REPORT:" + report(reportId, revision, 9)
                                    .contentHash())))).append("$setOnInsert", new Document("publisherId", legacy)),
                    new com.mongodb.client.model.UpdateOptions().upsert(true));
        }
        AcceptedReports upgraded = new AcceptedReports(database);
        Revisions.Accepted first = new Revisions.Accepted(Submission.Kind.ACTIVITY_REPORT, 0,
                report("2025.r-1", 0, 9).contentHash());

        assertThat(upgraded.find(legacy, List.of("2025.r-1", "r-2", "r-3"))).containsOnlyKeys("2025.r-1", "r-2")
                .containsEntry("2025.r-1", first);
        upgraded.record(legacy, List.of(report("r-2", 2, 20)), Instant.now(), Set.of()); // raised before the move

        assertThat(upgraded.migrateBuckets()).isEqualTo(2);

        assertThat(database.getCollection(AcceptedReports.BUCKETS).countDocuments()).isZero();
        Map<String, Revisions.Accepted> found = upgraded.find(legacy, List.of("2025.r-1", "r-2"));
        assertThat(found.get("2025.r-1")).isEqualTo(first);
        assertThat(found.get("r-2")).isEqualTo(new Revisions.Accepted(Submission.Kind.ACTIVITY_REPORT, 2,
                report("r-2", 2, 20).contentHash()));
        assertThat(new AcceptedReports(database).find(legacy, List.of("2025.r-1"))).containsEntry("2025.r-1", first);
        database.drop();
    }

    @Test
    void aReportMovedByTheMigrationBetweenTheTwoReadsOfAFindIsStillFound() {
        String name = "activity-moving-" + UUID.randomUUID().toString().substring(0, 8);
        String legacy = "org-legacy";
        MongoDatabase database = client.getDatabase(name);
        database.getCollection(AcceptedReports.BUCKETS).insertOne(new Document("_id", legacy + "|"
                + Math.floorMod("r-1".hashCode(), 32)).append("publisherId", legacy).append("reports", new Document("r-1",
                new Document("r", 2).append("h", new Document("2", "ACTIVITY_REPORT:" + report("r-1", 2, 9).contentHash())))));
        // the migration runs right after the find's read of the new layout, before its read of the buckets
        AcceptedReports migrator = new AcceptedReports(database);
        AtomicBoolean armed = new AtomicBoolean(true);
        CommandListener between = new CommandListener() {
            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                if (event.getCommandName().equals("find") && event.getDatabaseName().equals(name)
                        && event.getResponse().getDocument("cursor").getString("ns").getValue().endsWith(".accepted_reports")
                        && armed.getAndSet(false)) {
                    assertThat(migrator.migrateBuckets()).isEqualTo(1);
                }
            }
        };
        try (MongoClient watched = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(TestStack.mongoUri())).addCommandListener(between).build())) {
            AcceptedReports reading = new AcceptedReports(watched.getDatabase(name));

            Map<String, Revisions.Accepted> found = reading.find(legacy, List.of("r-1"));

            assertThat(armed).as("the migration ran between the reads").isFalse();
            assertThat(database.getCollection(AcceptedReports.BUCKETS).countDocuments()).isZero();
            assertThat(found).containsEntry("r-1", new Revisions.Accepted(Submission.Kind.ACTIVITY_REPORT, 2,
                    report("r-1", 2, 9).contentHash()));
        } finally {
            database.drop();
        }
    }

    @Test
    void aBucketAPodOfTheEarlierVersionWritesWhileItIsMovedIsMovedWhole() {
        String name = "activity-rolling-" + UUID.randomUUID().toString().substring(0, 8);
        String legacy = "org-legacy";
        MongoDatabase database = client.getDatabase(name);
        String bucket = legacy + "|" + Math.floorMod("r-1".hashCode(), 32);
        database.getCollection(AcceptedReports.BUCKETS).insertOne(new Document("_id", bucket).append("publisherId", legacy)
                .append("reports", new Document("r-1", new Document("r", 2)
                        .append("h", new Document("2", "ACTIVITY_REPORT:" + report("r-1", 2, 9).contentHash())))));
        // an old pod accepts r-9 into the same bucket after the migration read it, before it deletes it
        AtomicBoolean armed = new AtomicBoolean(true);
        CommandListener afterTheCopy = new CommandListener() {
            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                if ((event.getCommandName().equals("insert") || event.getCommandName().equals("update"))
                        && event.getDatabaseName().equals(name) && armed.getAndSet(false)) {
                    database.getCollection(AcceptedReports.BUCKETS).updateOne(Filters.eq("_id", bucket),
                            new Document("$set", new Document("reports.r-9", new Document("r", 0).append("h",
                                    new Document("0", "ACTIVITY_REPORT:" + report("r-9", 0, 4).contentHash())))));
                }
            }
        };
        try (MongoClient watched = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(TestStack.mongoUri())).addCommandListener(afterTheCopy).build())) {
            AcceptedReports migrator = new AcceptedReports(watched.getDatabase(name));

            migrator.migrateBuckets();

            assertThat(armed).as("the old pod wrote during the move").isFalse();
            assertThat(database.getCollection(AcceptedReports.BUCKETS).countDocuments()).isZero();
            Map<String, Revisions.Accepted> found = new AcceptedReports(database).find(legacy, List.of("r-1", "r-9"));
            assertThat(found).containsEntry("r-9", new Revisions.Accepted(Submission.Kind.ACTIVITY_REPORT, 0,
                    report("r-9", 0, 4).contentHash()));
            assertThat(found).containsKey("r-1");
        } finally {
            database.drop();
        }
    }

    private static ActivityReport report(String reportId, int revision, int participants) {
        return new ActivityReport(reportId, revision, "tl-1", LocalDate.of(2026, 10, 1), Category.EVENT, participants,
                1.5, List.of(Audience.FAMILIES));
    }
}
