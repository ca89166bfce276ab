package fr.maillage.activity.usecase;

import com.mongodb.MongoException;
import fr.maillage.activity.domain.ActivityReport;
import fr.maillage.activity.domain.Category;
import fr.maillage.activity.domain.Checked;
import fr.maillage.activity.domain.MonthlyIndicators;
import fr.maillage.activity.domain.Revisions;
import fr.maillage.activity.domain.Status;
import fr.maillage.activity.events.EventPublisher;
import fr.maillage.activity.store.AcceptedReports;
import fr.maillage.activity.store.SubjectOwners;
import fr.maillage.events.activity.ActivityEvents;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.Role;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.http.HttpStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** A unit test of the turns batches take to publish and record (the store and Kafka are stubbed). */
class IngestTurnsTest {

    private final Tenancy tenancy = mock(Tenancy.class);
    private final AcceptedReports accepted = mock(AcceptedReports.class);
    private final SubjectOwners subjectOwners = mock(SubjectOwners.class);
    private final EventPublisher publisher = mock(EventPublisher.class);
    private final CountDownLatch publishing = new CountDownLatch(1);
    private final CountDownLatch kafkaAnswers = new CountDownLatch(1);

    private Ingest ingest(int concurrentBatches, Duration queueTimeout) throws Exception {
        return ingest(concurrentBatches, queueTimeout, 8);
    }

    private Ingest ingest(int concurrentBatches, Duration queueTimeout, int waitingPerPublisher) throws Exception {
        return ingest(concurrentBatches, queueTimeout, waitingPerPublisher, 64);
    }

    private Ingest ingest(int concurrentBatches, Duration queueTimeout, int waitingPerPublisher, int waitingOverall)
            throws Exception {
        when(tenancy.check(any(), anyString())).thenReturn(new Tenancy.Allowed(null));
        when(accepted.find(anyString(), any())).thenReturn(Map.of());
        doAnswer(call -> {
            publishing.countDown();
            assertThat(kafkaAnswers.await(10, TimeUnit.SECONDS)).isTrue();
            return null;
        }).when(publisher).publishAll(any());
        return new Ingest(tenancy, accepted, subjectOwners, publisher, Clock.systemUTC(), new SimpleMeterRegistry(), concurrentBatches,
                queueTimeout, waitingPerPublisher, waitingOverall);
    }

    private static ActivityReport report() {
        return new ActivityReport("r-1", 0, "tl-1", LocalDate.parse("2026-11-20"), Category.values()[0], 10, 2.0, List.of());
    }

    private static Outcome send(Ingest ingest, String organisationId) {
        Caller caller = new Caller(organisationId, "key-" + organisationId, Set.of(), null, null);
        ActivityReport report = report();
        return ingest.ingest(caller, List.of(new SubmittedItem<>("r-1", new Checked.Valid<>(report))),
                (publisherId, correctedBy, submission, place, eventId, now) -> new EventPublisher.Outgoing<>(
                        ActivityEvents.REPORT_PUBLISHED, eventId, submission.thirdPlaceId(), now, null));
    }

    @Test
    void aBatchThatWaitsLongerThanTheQueueTimeoutGets503AndNothingOfItIsPublished() throws Exception {
        Ingest ingest = ingest(1, Duration.ofMillis(200));
        CompletableFuture<Outcome> first = CompletableFuture.supplyAsync(() -> send(ingest, "org-a"));
        assertThat(publishing.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> send(ingest, "org-b"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
                .hasMessageContaining("Retry the same batch");

        kafkaAnswers.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).verdict()).isEqualTo(Outcome.Verdict.PROCESSED);
        // the refused batch never reached the store or Kafka: only the first batch's read, publication and write
        verify(accepted, times(1)).find(anyString(), any());
        verify(publisher, times(1)).publishAll(any());
    }

    @Test
    void aBatchWaitingForItsTurnGoesOnWhenTheBatchBeforeItEnds() throws Exception {
        Ingest ingest = ingest(1, Duration.ofSeconds(10));
        CompletableFuture<Outcome> first = CompletableFuture.supplyAsync(() -> send(ingest, "org-a"));
        assertThat(publishing.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Outcome> second = CompletableFuture.supplyAsync(() -> send(ingest, "org-b"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ingest.waitingForAPlace() == 1);
        verify(publisher, times(1)).publishAll(any()); // the second batch waits for its turn, not inside
        assertThat(second).isNotDone();

        kafkaAnswers.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).verdict()).isEqualTo(Outcome.Verdict.PROCESSED);
        assertThat(second.get(10, TimeUnit.SECONDS).verdict()).isEqualTo(Outcome.Verdict.PROCESSED);
    }

    @Test
    void aPublishersNextBatchWaitsNoLongerThanTheQueueTimeoutForItsEarlierOne() throws Exception {
        Ingest ingest = ingest(8, Duration.ofMillis(200));
        CompletableFuture<Outcome> first = CompletableFuture.supplyAsync(() -> send(ingest, "org-a"));
        assertThat(publishing.await(10, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        // refused while the earlier batch is still held (it is until kafkaAnswers), so it gave up waiting for it
        assertThatThrownBy(() -> send(ingest, "org-a"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        assertThat(first).as("the earlier batch, still under way").isNotDone();
        // and it did wait first: refused no sooner than the timeout (a lower bound, which a slow machine cannot break)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));

        kafkaAnswers.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).verdict()).isEqualTo(Outcome.Verdict.PROCESSED);
    }

    @Test
    void aPublisherWithAsManyBatchesWaitingAsAllowedGets429ForTheNextWhileOthersGoOn() throws Exception {
        Ingest ingest = ingest(8, Duration.ofSeconds(10), 1);
        CompletableFuture<Outcome> underWay = CompletableFuture.supplyAsync(() -> send(ingest, "org-a"));
        assertThat(publishing.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Outcome> waiting = CompletableFuture.supplyAsync(() -> send(ingest, "org-a"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ingest.admitted("org-a") == 2); // one under way, one waiting

        assertThatThrownBy(() -> send(ingest, "org-a"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
                    assertThat(e.retryAfter()).isNotNull();
                })
                .hasMessageContaining("1 waiting");
        // the national structure sending on org-a's behalf takes org-a's turn, and is told whose it is
        Caller national = new Caller("org-national", "key-national", Set.of(Role.NATIONAL), null, null);
        assertThatThrownBy(() -> ingest.ingest(national, "org-a", List.of(new SubmittedItem<>("r-1",
                new Checked.Valid<>(report()))), (publisherId, correctedBy, submission, place, eventId, now) -> null))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS))
                .hasMessageContaining("The organisation org-a, on whose behalf this batch is sent");
        CompletableFuture<Outcome> other = CompletableFuture.supplyAsync(() -> send(ingest, "org-b"));

        kafkaAnswers.countDown();
        assertThat(underWay.get(10, TimeUnit.SECONDS).verdict()).isEqualTo(Outcome.Verdict.PROCESSED);
        assertThat(waiting.get(10, TimeUnit.SECONDS).verdict()).isEqualTo(Outcome.Verdict.PROCESSED);
        assertThat(other.get(10, TimeUnit.SECONDS).verdict()).isEqualTo(Outcome.Verdict.PROCESSED);
        assertThat(send(ingest, "org-a").verdict()).as("its places given back").isEqualTo(Outcome.Verdict.PROCESSED);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // with a queue timeout of an hour, waiting for a place would hang here
    void beyondTheBatchesWaitingFromAllPublishersTheNextGets503AtOnceAndThePlacesComeBack() throws Exception {
        Ingest ingest = ingest(1, Duration.ofHours(1), 8, 2);
        CompletableFuture<Outcome> underWay = CompletableFuture.supplyAsync(() -> send(ingest, "org-a"));
        assertThat(publishing.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Outcome>> waiting = List.of(CompletableFuture.supplyAsync(() -> send(ingest, "org-b")),
                CompletableFuture.supplyAsync(() -> send(ingest, "org-c")));
        await().atMost(Duration.ofSeconds(10)).until(() -> ingest.waitingForAPlace() == 2);

        assertThatThrownBy(() -> send(ingest, "org-d")).as("a publisher with nothing under way, but the service full")
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(e.retryAfter()).isNotNull();
                })
                .hasMessageContaining("2 batches waiting").hasMessageContaining("Nothing of it was published");
        assertThat(ingest.admitted("org-d")).as("its publisher's place given back").isZero();

        kafkaAnswers.countDown();
        assertThat(underWay.get(10, TimeUnit.SECONDS).verdict()).isEqualTo(Outcome.Verdict.PROCESSED);
        for (CompletableFuture<Outcome> batch : waiting) {
            assertThat(batch.get(10, TimeUnit.SECONDS).verdict()).isEqualTo(Outcome.Verdict.PROCESSED);
        }
        assertThat(send(ingest, "org-d").verdict()).as("the places given back").isEqualTo(Outcome.Verdict.PROCESSED);
        verify(publisher, times(4)).publishAll(any());
    }

    @Test
    void aBatchOfRefusedItemsIsLookedUpWithinItsPublishersLimitsAndTurn() throws Exception {
        Ingest ingest = ingest(8, Duration.ofSeconds(10), 1);
        when(tenancy.check(any(), eq("tl-gone"))).thenReturn(new Tenancy.Refused("the place left your network"));
        CompletableFuture<Outcome> underWay = CompletableFuture.supplyAsync(() -> send(ingest, "org-a"));
        assertThat(publishing.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Outcome> refused = CompletableFuture.supplyAsync(() -> sendFor(ingest, "org-a", "tl-gone"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ingest.admitted("org-a") == 2);
        assertThatThrownBy(() -> sendFor(ingest, "org-a", "tl-gone")).as("over its publisher's limit, as any batch")
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS));
        verify(accepted, times(1)).find(anyString(), any()); // only the batch under way read the store so far
        assertThat(refused).as("waits for its publisher's earlier batch").isNotDone();

        kafkaAnswers.countDown();
        assertThat(underWay.get(10, TimeUnit.SECONDS).verdict()).isEqualTo(Outcome.Verdict.PROCESSED);
        Outcome answered = refused.get(10, TimeUnit.SECONDS);
        assertThat(answered.verdict()).isEqualTo(Outcome.Verdict.NOTHING_ALLOWED);
        assertThat(answered.results()).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo(Status.REJECTED);
            assertThat(result.reason()).contains("left your network");
        });
        verify(accepted, times(2)).find(anyString(), any());
    }

    private static Outcome sendFor(Ingest ingest, String organisationId, String thirdPlaceId) {
        Caller caller = new Caller(organisationId, "key-" + organisationId, Set.of(), null, null);
        ActivityReport report = new ActivityReport("r-9", 0, thirdPlaceId, LocalDate.parse("2026-11-20"),
                Category.values()[0], 10, 2.0, List.of());
        return ingest.ingest(caller, List.of(new SubmittedItem<>("r-9", new Checked.Valid<>(report))),
                (publisherId, correctedBy, submission, place, eventId, now) -> new EventPublisher.Outgoing<>(
                        ActivityEvents.REPORT_PUBLISHED, eventId, submission.thirdPlaceId(), now, null));
    }

    @Test
    void aBatchThatFailsGivesBackItsTurn() throws Exception {
        Ingest ingest = ingest(1, Duration.ofMillis(200));
        kafkaAnswers.countDown();
        when(accepted.find(anyString(), any())).thenThrow(new MongoException("the store is down")).thenReturn(Map.of());

        assertThatThrownBy(() -> send(ingest, "org-a"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
                .hasMessageContaining("activity store is unavailable");
        assertThat(send(ingest, "org-b").verdict()).isEqualTo(Outcome.Verdict.PROCESSED);
        assertThat(send(ingest, "org-a").verdict()).isEqualTo(Outcome.Verdict.PROCESSED);
    }

    @Test
    void aBatchPublishedButNotRecordedGets503SoThatItsRetryRecordsIt() throws Exception {
        Ingest ingest = ingest(1, Duration.ofMillis(200));
        kafkaAnswers.countDown();
        doAnswer(call -> {
            throw new MongoException("the store is down");
        }).doNothing().when(accepted).record(anyString(), any(), any(), any());

        assertThatThrownBy(() -> send(ingest, "org-a"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
                .hasMessageContaining("Retry the same batch");
        assertThat(send(ingest, "org-a").verdict()).isEqualTo(Outcome.Verdict.PROCESSED);
        verify(publisher, times(2)).publishAll(any()); // the retry publishes the same ids again
        verify(accepted, times(2)).record(anyString(), any(), any(), any());
    }

    @Test
    void refusesANumberOfBatchesBelowOne() {
        assertThatThrownBy(() -> ingest(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrent-batches");
    }

    @Test
    void indicatorsWhoseMonthAnotherPublisherClaimedMeanwhileAreRejectedAndNotPublished() throws Exception {
        Ingest ingest = ingest(1, Duration.ofSeconds(1));
        kafkaAnswers.countDown();
        when(subjectOwners.find(any())).thenReturn(Map.of()); // unclaimed when read…
        when(subjectOwners.claim(any(), any())) // …claimed by another organisation before this batch's claim
                .thenReturn(Map.of("tl-1|2026-10", new Revisions.Owner("org-z", "theirs", 0)), Map.of());
        when(tenancy.mayPublish(anyString(), anyString())).thenReturn(true); // no takeover: the owner still publishes
        MonthlyIndicators indicators = new MonthlyIndicators("mine", 0, "tl-1", YearMonth.of(2026, 10), 12, null, null,
                null, null);
        Caller caller = new Caller("org-a", "key-org-a", Set.of(), null, null);

        Outcome outcome = ingest.ingest(caller, List.of(new SubmittedItem<>("mine", new Checked.Valid<>(indicators))),
                (publisherId, correctedBy, submission, place, eventId, now) -> new EventPublisher.Outgoing<>(
                        ActivityEvents.MONTHLY_INDICATORS_PUBLISHED, eventId, submission.thirdPlaceId(), now, null));

        assertThat(outcome.results()).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo(Status.REJECTED);
            assertThat(result.reason()).contains("another organisation");
        });
        verify(publisher).publishAll(List.of());
        verify(accepted).record(anyString(), eq(List.of()), any(), any());
    }
}
