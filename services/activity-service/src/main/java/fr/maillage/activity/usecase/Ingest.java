package fr.maillage.activity.usecase;

import com.mongodb.MongoException;
import fr.maillage.activity.domain.Checked;
import fr.maillage.activity.domain.ItemResult;
import fr.maillage.activity.domain.Revisions;
import fr.maillage.activity.domain.Status;
import fr.maillage.activity.domain.Submission;
import fr.maillage.activity.events.EventPublisher;
import fr.maillage.activity.store.AcceptedReports;
import fr.maillage.activity.store.SubjectOwners;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The path every batch takes: validation results in, tenancy, revisions against the store (one
 * bulk read, and for monthly indicators a read and a claim of their tiers-lieux' months), publication
 * of what is new (one wait for all acknowledgements), then the store
 * (one bulk write). Publishing before recording means a crash in between re-publishes the same
 * event ids on retry, which consumers ignore; recording first could lose a fact.
 *
 * <p>A publisher's requests go through that path one at a time (in this instance): two at once
 * would read the same earlier revisions, and both accept a report sent with other content in
 * each, publishing two events of one id of which consumers keep the first. Different publishers
 * do not wait for each other's turn, only for a place (below). With several instances, a
 * publisher's requests must reach one of them (operations.md).
 *
 * <p>At most {@code maillage.activity.ingest.concurrent-batches} batches take that path at once,
 * across publishers; the others wait, already read and checked, for at most
 * {@code maillage.activity.ingest.queue-timeout} in all (their publisher's turn, then a place),
 * then get 503; beyond {@code maillage.activity.ingest.waiting-overall} waiting, across publishers,
 * the next gets 503 at once. A batch on that path holds its events and records until Kafka and the store
 * answer: sixteen at once on two cores were mostly copied from one young collection to the next
 * (a quarter of activity's CPU); eight at once accepted more per second, with half the
 * collections' work (docs/performance.md).
 */
@Component
class Ingest {

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /** Decisions made again after claims lost to other requests, before the batch gets 503. */
    private static final int CLAIM_ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(Ingest.class);

    private final Tenancy tenancy;
    private final AcceptedReports accepted;
    private final SubjectOwners subjectOwners;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Timer readTimer;
    private final Timer publishTimer;
    private final Timer writeTimer;
    /** A lock per publisher (organisation id): as many as there are organisations. */
    private final Map<String, Lock> publishers = new ConcurrentHashMap<>();
    /**
     * Per publisher, the batch under way and those waiting for their turn: a request waiting holds a
     * server thread and its batch, so one key sending many at once would take every thread from the
     * others (and from the health probes) without passing its rate limit.
     */
    private final Map<String, Semaphore> admitted = new ConcurrentHashMap<>();
    private final int waitingPerPublisher;
    /**
     * All publishers together: the batches under way and those waiting. Many publishers with one
     * batch each (a month's end) would otherwise hold every server thread, the health probes' too.
     */
    private final Semaphore admittedOverall;
    private final int waitingOverall;
    /** Batches between their read of the accepted reports and their write (fair: first come, first served). */
    private final Semaphore underWay;
    private final Duration queueTimeout;
    private final Timer queueTimer;

    Ingest(Tenancy tenancy, AcceptedReports accepted, SubjectOwners subjectOwners, EventPublisher publisher, Clock clock,
           MeterRegistry meters,
           @Value("${maillage.activity.ingest.concurrent-batches:8}") int concurrentBatches,
           @Value("${maillage.activity.ingest.queue-timeout:10s}") Duration queueTimeout,
           @Value("${maillage.activity.ingest.waiting-per-publisher:8}") int waitingPerPublisher,
           @Value("${maillage.activity.ingest.waiting-overall:64}") int waitingOverall) {
        if (concurrentBatches < 1) {
            throw new IllegalArgumentException("maillage.activity.ingest.concurrent-batches must be at least 1");
        }
        if (waitingPerPublisher < 0) {
            throw new IllegalArgumentException("maillage.activity.ingest.waiting-per-publisher cannot be negative");
        }
        if (waitingOverall < 0) {
            throw new IllegalArgumentException("maillage.activity.ingest.waiting-overall cannot be negative");
        }
        this.waitingPerPublisher = waitingPerPublisher;
        this.waitingOverall = waitingOverall;
        this.admittedOverall = new Semaphore(concurrentBatches + waitingOverall);
        this.underWay = new Semaphore(concurrentBatches, true);
        this.queueTimeout = queueTimeout;
        this.queueTimer = Timer.builder("activity.ingest.queue")
                .description("wait of a batch for its turn to publish and record, per batch").register(meters);
        this.tenancy = tenancy;
        this.accepted = accepted;
        this.subjectOwners = subjectOwners;
        this.publisher = publisher;
        this.clock = clock;
        this.readTimer = Timer.builder("activity.ingest.store.read").description("bulk read of accepted reports, per batch")
                .register(meters);
        this.publishTimer = Timer.builder("activity.ingest.publish").description("produce and await Kafka's acks, per batch")
                .register(meters);
        this.writeTimer = Timer.builder("activity.ingest.store.write").description("bulk write of accepted reports, per batch")
                .register(meters);
    }

    /** Batches of this publisher under way or waiting for their turn (tests wait for it instead of sleeping). */
    int admitted(String publisherId) {
        Semaphore admission = admitted.get(publisherId);
        return admission == null ? 0 : 1 + waitingPerPublisher - admission.availablePermits();
    }

    /** Batches waiting for a place among those publishing and recording at once. */
    int waitingForAPlace() {
        return underWay.getQueueLength();
    }

    /** Turns an accepted submission into the event that publishes it. */
    interface Events<S extends Submission> {
        /** {@code correctedBy}: the caller's organisation when it sends on the publisher's behalf, else null. */
        EventPublisher.Outgoing<?> of(String publisherId, String correctedBy, S submission, ThirdPlaceState place,
                                      UUID eventId, Instant now);
    }

    <S extends Submission> Outcome ingest(Caller caller, List<SubmittedItem<S>> items, Events<S> events) {
        return ingest(caller, caller.organisationId(), items, events);
    }

    /**
     * As above, the reports being {@code publisherId}'s: the caller's own, or, for the national structure
     * correcting reports nobody else can correct any more, another organisation's ({@link Tenancy#publisherFor}).
     * Everything keyed by publisher (its turn, its accepted reports, the events' publisher) is that one's.
     */
    <S extends Submission> Outcome ingest(Caller caller, String publisherId, List<SubmittedItem<S>> items,
                                          Events<S> events) {
        ItemResult[] results = new ItemResult[items.size()];
        List<Outcome.ItemProblem> problems = new ArrayList<>();
        List<Integer> allowedIndexes = new ArrayList<>();
        List<S> allowed = new ArrayList<>();
        List<ThirdPlaceState> places = new ArrayList<>();
        Map<Integer, S> refused = new LinkedHashMap<>();
        Map<Integer, String> refusals = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            SubmittedItem<S> item = items.get(i);
            if (item.checked() instanceof Checked.Invalid<S> invalid) {
                results[i] = ItemResult.rejected(item.reportId(), invalid.reason());
                for (Checked.Problem problem : invalid.problems()) {
                    problems.add(new Outcome.ItemProblem(i, problem.field(), problem.message()));
                }
                continue;
            }
            S submission = ((Checked.Valid<S>) item.checked()).value();
            Tenancy.Decision decision = tenancy.check(caller, submission.thirdPlaceId());
            if (decision instanceof Tenancy.Allowed ok) {
                allowedIndexes.add(i);
                allowed.add(submission);
                places.add(ok.place());
            } else {
                refused.put(i, submission);
                refusals.put(i, ((Tenancy.Refused) decision).reason());
            }
        }
        if (allowed.isEmpty() && refused.isEmpty()) {
            return new Outcome(problems.isEmpty() ? Outcome.Verdict.NOTHING_ALLOWED : Outcome.Verdict.NOTHING_VALID,
                    Arrays.asList(results), problems);
        }

        // refused items are looked up too (a retry of what was published before the place was lost
        // is answered as it was then): within the limits and the publisher's turn, as any store read
        boolean duplicates;
        Semaphore admission = admitted.computeIfAbsent(publisherId, id -> new Semaphore(1 + waitingPerPublisher));
        if (!admission.tryAcquire()) {
            throw ApiException.tooManyRequests((publisherId.equals(caller.organisationId())
                    ? "This organisation (whichever of its keys sent them, or the national structure on its behalf)"
                    : "The organisation " + publisherId + ", on whose behalf this batch is sent, (its own batches and"
                    + " those sent on its behalf)") + " already has a batch under way and " + waitingPerPublisher
                    + " waiting for their turn: a publisher's batches are decided one after another, so send the next"
                    + " when an earlier one is answered. Nothing of this batch was published.", Duration.ofSeconds(1));
        }
        if (!admittedOverall.tryAcquire()) {
            admission.release();
            throw ApiException.unavailable("The service already has " + waitingOverall + " batches waiting for their"
                    + " turn, from all publishers: retry this batch, unchanged, in a few seconds. Nothing of it was"
                    + " published.", Duration.ofSeconds(2));
        }
        try {
            long start = System.nanoTime();
            long deadline = start + queueTimeout.toNanos();
            Lock publisherTurn = publishers.computeIfAbsent(publisherId, id -> new ReentrantLock(true));
            awaitTurn(remaining -> publisherTurn.tryLock(remaining, TimeUnit.NANOSECONDS), deadline);
            try {
                awaitTurn(remaining -> underWay.tryAcquire(remaining, TimeUnit.NANOSECONDS), deadline);
                queueTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                try {
                    duplicates = answerRefused(publisherId, refused, refusals, results);
                    if (!allowed.isEmpty()) {
                        decidePublishAndRecord(caller, publisherId, allowed, allowedIndexes, places, results, events);
                    }
                } finally {
                    underWay.release();
                }
            } finally {
                publisherTurn.unlock();
            }
        } finally {
            admittedOverall.release();
            admission.release();
        }
        // a retry of what was published is answered as it was then (202), whatever else the batch holds
        Outcome.Verdict verdict = !allowed.isEmpty() || duplicates ? Outcome.Verdict.PROCESSED
                : !problems.isEmpty() ? Outcome.Verdict.NOTHING_VALID : Outcome.Verdict.NOTHING_ALLOWED;
        return new Outcome(verdict, Arrays.asList(results), problems);
    }

    private <S extends Submission> void decidePublishAndRecord(Caller caller, String publisherId, List<S> allowed,
                                                               List<Integer> allowedIndexes,
                                                               List<ThirdPlaceState> places, ItemResult[] results,
                                                               Events<S> events) {
        Map<String, Revisions.Accepted> previous = readAccepted(publisherId, allowed);
        Instant now = clock.instant();
        List<ItemResult> decisions = decide(caller, publisherId, allowed, previous, now);
        boolean onBehalf = !publisherId.equals(caller.organisationId());
        if (onBehalf) {
            decisions = correctionsOnly(publisherId, allowed, previous, decisions);
        }

        List<EventPublisher.Outgoing<?>> outgoing = new ArrayList<>();
        List<S> published = new ArrayList<>();
        for (int k = 0; k < allowed.size(); k++) {
            ItemResult decision = decisions.get(k);
            int index = allowedIndexes.get(k);
            results[index] = decision;
            if (decision.status() == Status.ACCEPTED) {
                outgoing.add(events.of(publisherId, onBehalf ? caller.organisationId() : null, allowed.get(k),
                        places.get(k), decision.eventId(), now));
                published.add(allowed.get(k));
            }
        }
        if (onBehalf) {
            // the events name the corrector too; this line is the service's own record of it, written
            // before publishing, since a batch whose events reach Kafka may still be answered 503
            for (int k = 0; k < published.size(); k++) {
                log.info("Organisation {} publishes on behalf of {} the report {} at revision {} (event {})",
                        caller.organisationId(), publisherId, published.get(k).reportId(), published.get(k).revision(),
                        outgoing.get(k).id());
            }
        }
        long publishStart = System.nanoTime();
        try {
            publisher.publishAll(outgoing);
            publishTimer.record(System.nanoTime() - publishStart, TimeUnit.NANOSECONDS);
        } catch (EventPublisher.NotAcknowledged e) {
            throw ApiException.unavailable(e.getMessage() + "; nothing was recorded as accepted. Retry the same batch,"
                    + " unchanged, later: what did reach Kafka keeps its event ids and is not counted twice (a report"
                    + " sent again at the same revision with other figures would be accepted and not counted: to"
                    + " change figures, send a higher revision)"
                    + (claimsSubjects(published) ? " (the tiers-lieux' months of its indicators stay reserved for their"
                    + " reportIds)." : "."), RETRY_AFTER);
        }
        try {
            writeTimer.record(() -> accepted.record(publisherId, published, now, previous.keySet()));
        } catch (MongoException e) {
            // Answering 202 would leave these reports unrecorded for good: a later correction at the same
            // revision would then be ACCEPTED (and ignored downstream, where the first event stays)
            // instead of REJECTED. The retry republishes the same event ids, harmlessly, and records them.
            log.warn("Published {} activity events but could not record them as accepted: {}", published.size(), e.toString());
            throw ApiException.unavailable("The events of this batch reached Kafka but the activity store could not"
                    + " record them as accepted. Retry the same batch later: what reached Kafka keeps its event ids and"
                    + " is not counted twice.", RETRY_AFTER);
        }
    }

    /**
     * The decisions, once the subjects the accepted submissions describe are claimed for them: a
     * subject another report claimed, or took over, between the read and the claim is decided
     * again from its new owner. Claims are made before publishing, so a claim may outlive a
     * batch that then fails; its retry, by the same report, owns it still.
     */
    private <S extends Submission> List<ItemResult> decide(Caller caller, String publisherId, List<S> allowed,
                                                           Map<String, Revisions.Accepted> previous, Instant now) {
        int highestRevision = caller.isNational() ? Integer.MAX_VALUE : Revisions.HIGHEST_REVISION;
        List<String> subjects = allowed.stream().map(Submission::subject).filter(Objects::nonNull).toList();
        if (subjects.isEmpty()) {
            return Revisions.decide(publisherId, allowed, previous, Map.of(), Revisions.Takeover.NEVER, highestRevision);
        }
        Revisions.Takeover takeover = (submission, owner) -> caller.isNational()
                || !tenancy.mayPublish(owner.publisherId(), submission.thirdPlaceId());
        try {
            Map<String, Revisions.Owner> owners = new HashMap<>(subjectOwners.find(subjects));
            for (int attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
                List<ItemResult> decisions = Revisions.decide(publisherId, allowed, previous, owners, takeover,
                        highestRevision);
                Map<String, SubjectOwners.Claim> claims = new HashMap<>();
                for (int k = 0; k < allowed.size(); k++) {
                    S submission = allowed.get(k);
                    if (submission.subject() != null && decisions.get(k).status() == Status.ACCEPTED) {
                        claims.put(submission.subject(), new SubjectOwners.Claim(new Revisions.Owner(publisherId,
                                submission.reportId(), submission.revision()), owners.get(submission.subject())));
                    }
                }
                Map<String, Revisions.Owner> stored = subjectOwners.claim(claims, now);
                boolean lost = claims.entrySet().stream().anyMatch(claim -> {
                    Revisions.Owner owner = stored.get(claim.getKey());
                    return owner == null || !owner.is(publisherId, claim.getValue().owner().reportId());
                });
                if (!lost) {
                    return decisions;
                }
                owners.putAll(stored);
            }
        } catch (MongoException e) {
            log.warn("Cannot read or claim the subjects of monthly indicators: {}", e.toString());
            throw ApiException.unavailable("The activity store is unavailable; nothing was published. Retry later.",
                    RETRY_AFTER);
        }
        throw ApiException.unavailable("The tiers-lieux' months of these indicators are being claimed by other"
                + " requests at this moment; nothing was published (the months this batch claimed stay reserved for"
                + " their reportIds). Retry the same batch.", RETRY_AFTER);
    }

    /**
     * On another organisation's behalf only its own reports are corrected: an item that names none it
     * published (a mistyped reportId, or the wrong organisation) would otherwise be a new report
     * under its name, counted beside the one meant, with the same 202.
     */
    private static <S extends Submission> List<ItemResult> correctionsOnly(String publisherId, List<S> allowed,
                                                                         Map<String, Revisions.Accepted> previous,
                                                                         List<ItemResult> decisions) {
        List<ItemResult> kept = new ArrayList<>(decisions);
        for (int k = 0; k < allowed.size(); k++) {
            S submission = allowed.get(k);
            Revisions.Accepted before = previous.get(submission.reportId());
            if (before == null || before.kind() != submission.kind()) {
                kept.set(k, ItemResult.rejected(submission.reportId(), "the organisation " + publisherId
                        + " published no " + (submission.kind() == Submission.Kind.ACTIVITY_REPORT ? "activity report"
                        : "monthly indicators") + " of reportId " + submission.reportId() + ": on another"
                        + " organisation's behalf, only a higher revision of a report it published is accepted"));
            }
        }
        return kept;
    }

    private static boolean claimsSubjects(List<? extends Submission> submissions) {
        return submissions.stream().anyMatch(submission -> submission.subject() != null);
    }

    /** A lock or a place, taken if it comes within the given nanoseconds. */
    private interface Turn {
        boolean take(long nanos) throws InterruptedException;
    }

    /** Takes the turn before the deadline, or answers 503: nothing of the batch was published. */
    private void awaitTurn(Turn turn, long deadline) {
        boolean taken;
        try {
            taken = turn.take(Math.max(0, deadline - System.nanoTime()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("The service is stopping; nothing was published. Retry the same batch"
                    + " later.", RETRY_AFTER);
        }
        if (!taken) {
            log.warn("A batch waited {} for its turn; answering 503", queueTimeout);
            throw ApiException.unavailable("Too many batches are being processed; nothing was published. Retry the"
                    + " same batch later.", RETRY_AFTER);
        }
    }

    /**
     * Answers the items the caller may not publish for: a retry of what it published while it
     * still could (same revision, same content) is DUPLICATE, as it was then, and counted; the rest
     * are REJECTED. Answers whether any was a duplicate.
     */
    private <S extends Submission> boolean answerRefused(String publisherId, Map<Integer, S> refused,
                                                         Map<Integer, String> refusals, ItemResult[] results) {
        if (refused.isEmpty()) {
            return false;
        }
        Map<String, Revisions.Accepted> previous = readAccepted(publisherId, List.copyOf(refused.values()));
        boolean duplicates = false;
        for (Map.Entry<Integer, S> item : refused.entrySet()) {
            S submission = item.getValue();
            ItemResult again = Revisions.retryOfAccepted(publisherId, submission, previous.get(submission.reportId()));
            duplicates |= again != null;
            results[item.getKey()] = again != null ? again
                    : ItemResult.rejected(submission.reportId(), refusals.get(item.getKey()));
        }
        return duplicates;
    }

    private Map<String, Revisions.Accepted> readAccepted(String publisherId, List<? extends Submission> submissions) {
        try {
            return readTimer.record(() -> accepted.find(publisherId, submissions.stream().map(Submission::reportId).toList()));
        } catch (MongoException e) {
            log.warn("Cannot read accepted reports: {}", e.toString());
            throw ApiException.unavailable("The activity store is unavailable; nothing was published. Retry later.",
                    RETRY_AFTER);
        }
    }
}
