package fr.maillage.partnership;

import fr.maillage.testsupport.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static fr.maillage.partnership.FundApiTest.commitment;
import static fr.maillage.partnership.RegistryFixture.NATIONAL;
import static fr.maillage.partnership.RegistryFixture.PLACE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commitments arriving all at once over HTTP, against the MongoDB-wire server: the budget guard is
 * exact, retries have one effect, and the published events replay to the stored ledger.
 */
class FundConcurrencyTest extends PartnershipIntegrationTest {

    static final int THREADS = 64;

    record Sent(String commitmentId, long amountEur, Http.Answer answer) {
    }

    @Test
    void aThousandConcurrentCommitmentsNeverTakeTheEnvelopePastItsBudget() throws Exception {
        String fund = "test-guard";
        long budget = 25_000;
        Random random = new Random(20190101);
        List<Callable<Sent>> calls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String commitmentId = "guard-" + i;
            long amount = 1 + random.nextInt(100);
            String body = commitment(commitmentId, amount, "\"thirdPlaceId\":\"" + PLACE + "\"");
            calls.add(() -> new Sent(commitmentId, amount,
                    http.post("/api/v1/funds/" + fund + "/commitments", NATIONAL.key(), body)));
        }

        List<Sent> sent = onThreads(THREADS, calls);

        List<Sent> accepted = sent.stream().filter(s -> s.answer().status() == 201).toList();
        List<Sent> refused = sent.stream().filter(s -> s.answer().status() == 409).toList();
        assertThat(accepted.size() + refused.size()).as("every answer is 201 or 409").isEqualTo(1000);
        assertThat(accepted).as("the budget was contested").isNotEmpty();
        assertThat(refused).as("the budget was contested").isNotEmpty();
        assertThat(refused).allSatisfy(s -> assertThat(s.answer().json().get("availableEur").asLong())
                .as("refused only when it did not fit").isLessThan(s.amountEur()));
        long acceptedSum = accepted.stream().mapToLong(Sent::amountEur).sum();

        JsonNode stored = http.get("/api/v1/funds/" + fund, NATIONAL.key()).json();
        assertThat(stored.get("committedEur").asLong()).isEqualTo(acceptedSum).isLessThanOrEqualTo(budget);
        assertThat(stored.get("availableEur").asLong()).isEqualTo(budget - acceptedSum);
        assertThat(stored.get("version").asLong()).isEqualTo(1 + accepted.size());
        assertThat(acceptedSum).as("what was refused would not have fitted after the accepted ones")
                .isGreaterThan(budget - 100);

        List<Published> events = awaitEvents(fund, found -> found.size() >= 1 + accepted.size());
        assertThat(events).hasSize(1 + accepted.size());
        assertReplaysTo(events, acceptedSum);
        Set<String> published = new HashSet<>();
        events.stream().skip(1).forEach(e -> published.add(e.payload().get("commitmentId").asString()));
        assertThat(published).containsExactlyInAnyOrderElementsOf(accepted.stream().map(Sent::commitmentId).toList());
    }

    @Test
    void concurrentRetriesOfOneCommitmentHaveOneEffect() throws Exception {
        String fund = "test-retries";
        String commitmentId = "retried-" + System.nanoTime();
        String body = commitment(commitmentId, 7_500, "\"thirdPlaceId\":\"" + PLACE + "\"");
        long before = http.get("/api/v1/funds/" + fund, NATIONAL.key()).json().get("committedEur").asLong();

        List<Callable<Http.Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            calls.add(() -> http.post("/api/v1/funds/" + fund + "/commitments", NATIONAL.key(), body));
        }
        List<Http.Answer> answers = onThreads(32, calls);

        assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(1);
        assertThat(answers).filteredOn(a -> a.status() == 200).hasSize(31);
        assertThat(answers).allSatisfy(a -> assertThat(a.json().get("commitmentId").asString()).isEqualTo(commitmentId));
        assertThat(http.get("/api/v1/funds/" + fund, NATIONAL.key()).json().get("committedEur").asLong())
                .isEqualTo(before + 7_500);
        List<Published> events = awaitEvents(fund, found -> found.stream()
                .anyMatch(e -> commitmentId.equals(FundApiTest.text(e, "commitmentId"))));
        assertThat(events).filteredOn(e -> commitmentId.equals(FundApiTest.text(e, "commitmentId"))).hasSize(1);
    }

    @Test
    void commitmentsAndCancellationsAtOnceKeepTheLedgerExact() throws Exception {
        String fund = "test-churn";
        long budget = 5_000;
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String commitmentId = "churn-first-" + i;
            assertThat(http.post("/api/v1/funds/" + fund + "/commitments", NATIONAL.key(),
                    commitment(commitmentId, 100, "\"thirdPlaceId\":\"" + PLACE + "\"")).status()).isEqualTo(201);
            first.add(commitmentId);
        }
        List<Callable<Http.Answer>> calls = new ArrayList<>();
        for (String commitmentId : first) {
            calls.add(() -> http.delete("/api/v1/funds/" + fund + "/commitments/" + commitmentId, NATIONAL.key()));
        }
        for (int i = 0; i < 80; i++) {
            String body = commitment("churn-second-" + i, 100, "\"thirdPlaceId\":\"" + PLACE + "\"");
            calls.add(() -> {
                // a commitment that fits but keeps losing its guarded write to the churn answers 503,
                // and the client sends it again, as Retry-After says (safe: same commitmentId)
                Http.Answer answer = http.post("/api/v1/funds/" + fund + "/commitments", NATIONAL.key(), body);
                for (int retry = 0; answer.status() == 503 && retry < 20; retry++) {
                    assertThat(answer.header("Retry-After")).isNotNull();
                    answer = http.post("/api/v1/funds/" + fund + "/commitments", NATIONAL.key(), body);
                }
                return answer;
            });
        }
        java.util.Collections.shuffle(calls, new Random(7));

        List<Http.Answer> answers = onThreads(THREADS, calls);

        assertThat(answers).extracting(Http.Answer::status).containsOnly(204, 201, 409);
        long cancelled = answers.stream().filter(a -> a.status() == 204).count();
        long committedLater = answers.stream().filter(a -> a.status() == 201).count();
        assertThat(cancelled).isEqualTo(40);
        assertThat(committedLater).as("every cancellation released room").isGreaterThanOrEqualTo(10);
        JsonNode stored = http.get("/api/v1/funds/" + fund, NATIONAL.key()).json();
        assertThat(stored.get("committedEur").asLong()).isEqualTo(100 * committedLater).isLessThanOrEqualTo(budget);
        assertThat(stored.get("version").asLong()).isEqualTo(1 + 40 + 40 + committedLater);

        List<Published> events = awaitEvents(fund, found -> found.size() >= 1 + 40 + 40 + committedLater);
        assertThat(events).hasSize((int) (1 + 40 + 40 + committedLater));
        assertReplaysTo(events, 100 * committedLater);
    }

    /** In topic order, versions follow one another and each event's state is the previous one plus its change. */
    private static void assertReplaysTo(List<Published> events, long finalCommitted) {
        assertThat(events.get(0).type()).isEqualTo(type("fund.opened"));
        long committed = events.get(0).payload().at("/fund/committedEur").asLong();
        long version = events.get(0).payload().get("version").asLong();
        assertThat(version).isEqualTo(1);
        for (Published event : events.subList(1, events.size())) {
            JsonNode payload = event.payload();
            long amount = payload.get("amountEur").asLong();
            committed += event.type().equals(type("fund.commitment-made")) ? amount : -amount;
            assertThat(payload.get("version").asLong()).isEqualTo(++version);
            assertThat(payload.at("/fund/version").asLong()).isEqualTo(version);
            assertThat(payload.at("/fund/committedEur").asLong()).as("state carried at version %d", version)
                    .isEqualTo(committed);
            assertThat(committed).isLessThanOrEqualTo(payload.at("/fund/budgetEur").asLong());
        }
        assertThat(committed).isEqualTo(finalCommitted);
    }

    /** Runs the calls on a pool of {@code threads}, all released at once. */
    private static <T> List<T> onThreads(int threads, List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
