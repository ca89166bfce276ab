package fr.maillage.simulator;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated Fabrique publishing its activity at its share of the total rate, in batches: new
 * reports, some corrections (a higher revision of an earlier report) and, now and then, the same
 * batch sent again as a client unsure of its last answer would.
 */
final class PublisherLoop implements Runnable {

    private static final String PATH = "/api/v1/activity-reports";
    private static final int REVISIONS_PERCENT = 5;
    private static final int RESEND_PERCENT = 2;
    private static final int KEPT_FOR_REVISION = 2_000;
    /** After the end, how long a batch already started may still be retried before the run gives up on it. */
    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Setup.Publisher publisher;
    private final Api api;
    private final String url;
    private final long intervalNanos;
    private final int batch;
    /** System.nanoTime() at which the run ends; moved earlier when the run is stopped. */
    private final AtomicLong endNanos;
    private final ExpectedTotals totals;
    private final Stats stats;
    private final String run;
    private final SplittableRandom random;
    private final ActivityGenerator generator;
    private final ActivityGenerator.Draft[] sent = new ActivityGenerator.Draft[KEPT_FOR_REVISION];
    private int sentCount;
    private int sequence;
    /** Batches whose answer never came (a timeout): they may have been accepted, so they are asked again at the end. */
    private final List<Unsettled> unsettled = new ArrayList<>();

    private record Unsettled(List<ActivityGenerator.Draft> drafts, byte[] body) {
    }

    PublisherLoop(Setup.Publisher publisher, Api api, String activity, double reportsPerSecond, int batch,
                  AtomicLong endNanos, ExpectedTotals totals, Stats stats, String run, long seed) {
        this.publisher = publisher;
        this.api = api;
        this.url = activity + PATH;
        this.intervalNanos = (long) (batch * 1e9 / reportsPerSecond);
        this.batch = batch;
        this.endNanos = endNanos;
        this.totals = totals;
        this.stats = stats;
        this.run = run;
        this.random = new SplittableRandom(seed * 7_919L + publisher.index());
        this.generator = new ActivityGenerator(random.split());
    }

    @Override
    public void run() {
        long next = System.nanoTime() + (long) (random.nextDouble() * intervalNanos);
        try {
            while (true) {
                long now = System.nanoTime();
                if (next >= endNanos.get()) {
                    settleUnsettled();
                    return;
                }
                if (next > now) {
                    TimeUnit.NANOSECONDS.sleep(next - now);
                }
                List<ActivityGenerator.Draft> drafts = nextBatch();
                byte[] body = Api.JSON.writeValueAsBytes(Map.of("reports",
                        drafts.stream().map(ActivityGenerator.Draft::body).toList()));
                if (publish(drafts, body) && random.nextInt(100) < RESEND_PERCENT) {
                    stats.resentBatches.increment();
                    publish(drafts, body);
                }
                next += intervalNanos;
                // after a stall (retries, a slow answer), carry on at the rate rather than bursting to catch up
                next = Math.max(next, System.nanoTime() - intervalNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<ActivityGenerator.Draft> nextBatch() {
        List<ActivityGenerator.Draft> drafts = new ArrayList<>(batch);
        Set<String> inBatch = new HashSet<>();
        for (int i = 0; i < batch; i++) {
            if (sentCount > 0 && random.nextInt(100) < REVISIONS_PERCENT) {
                int slot = random.nextInt(Math.min(sentCount, KEPT_FOR_REVISION));
                ActivityGenerator.Draft earlier = sent[slot];
                if (inBatch.add(earlier.reportId())) {
                    ActivityGenerator.Draft revised = generator.revise(earlier);
                    sent[slot] = revised;
                    drafts.add(revised);
                    stats.revisions.increment();
                    continue;
                }
            }
            int seq = sequence++;
            Setup.Place place = publisher.places().get(random.nextInt(publisher.places().size()));
            ActivityGenerator.Draft draft = generator.report(((long) publisher.index() << 32) | seq,
                    run + "-" + publisher.index() + "-" + seq, place.id(), place.region());
            inBatch.add(draft.reportId());
            sent[sentCount++ % KEPT_FOR_REVISION] = draft;
            drafts.add(draft);
        }
        return drafts;
    }

    /**
     * Sends again, as a client unsure of its last answer would, each batch that got no answer: its
     * reports may have been accepted (the answer lost), so the same batch is answered DUPLICATE for
     * those and they are counted then. Without this, the expected totals would miss them.
     */
    private void settleUnsettled() throws InterruptedException {
        for (Unsettled batch : unsettled) {
            try {
                Api.Answer answer = api.send("POST", url, publisher.key(), batch.body(), System.nanoTime() + GRACE_NANOS);
                if (answer.status() == 202) {
                    count(batch.drafts(), answer.json().path("results"));
                    stats.failedBatches.decrement();
                    System.err.println("simulator: publisher " + publisher.organisationId()
                            + " settled a batch given up earlier");
                    continue;
                }
                System.err.println("simulator: publisher " + publisher.organisationId() + " could not settle a batch: HTTP "
                        + answer.status());
            } catch (Api.GaveUp e) {
                System.err.println("simulator: publisher " + publisher.organisationId() + " could not settle a batch: "
                        + e.getMessage());
            }
        }
        unsettled.clear();
    }

    /** Sends one batch until it is settled and counts what was accepted; false if it was not. */
    private boolean publish(List<ActivityGenerator.Draft> drafts, byte[] body) throws InterruptedException {
        stats.batches.increment();
        stats.items.add(drafts.size());
        Api.Answer answer;
        try {
            answer = api.send("POST", url, publisher.key(), body, Math.max(endNanos.get(), System.nanoTime()) + GRACE_NANOS);
        } catch (Api.GaveUp e) {
            stats.failedBatches.increment();
            unsettled.add(new Unsettled(drafts, body));
            System.err.println("simulator: publisher " + publisher.organisationId() + " gave up a batch for now: "
                    + e.getMessage());
            return false;
        }
        stats.latency(answer.micros());
        if (answer.status() != 202) {
            stats.failedBatches.increment();
            System.err.println("simulator: publisher " + publisher.organisationId() + " got HTTP " + answer.status()
                    + ": " + answer.body());
            return false;
        }
        count(drafts, answer.json().path("results"));
        return true;
    }

    private void count(List<ActivityGenerator.Draft> drafts, JsonNode results) {
        for (int i = 0; i < drafts.size(); i++) {
            JsonNode result = results.path(i);
            ActivityGenerator.Draft draft = drafts.get(i);
            switch (result.path("status").asString("")) {
                case "ACCEPTED" -> {
                    stats.accepted.increment();
                    totals.accept(draft.counted());
                }
                case "DUPLICATE" -> {
                    stats.duplicates.increment();
                    totals.accept(draft.counted());
                }
                default -> stats.rejected(draft.reportId(), result.path("reason").asString("no result"));
            }
        }
    }
}
