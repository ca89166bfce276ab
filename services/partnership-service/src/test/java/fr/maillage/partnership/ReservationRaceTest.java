package fr.maillage.partnership;

import fr.maillage.partnership.RegistryFixture.Org;
import fr.maillage.testsupport.Http;
import org.junit.jupiter.api.RepeatedTest;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static fr.maillage.partnership.RegistryFixture.APPLICANTS;
import static fr.maillage.partnership.RegistryFixture.NANTES;
import static org.assertj.core.api.Assertions.assertThat;

/** Requests at the same moment on the same premises: none is lost, and exactly one reservation wins. */
class ReservationRaceTest extends PartnershipIntegrationTest {

    static final int APPLICANT_COUNT = 16;

    @RepeatedTest(3)
    void concurrentApplicationsAreAllKeptAndExactlyOneOfConcurrentReservationsWins() throws Exception {
        Http.Answer offered = http.post("/api/v1/premises", NANTES.key(), "{\"communeCode\":\"44109\","
                + "\"address\":\"5 rue de la Course\",\"surfaceM2\":250,\"kind\":\"WORKSHOP\",\"terms\":\"FREE\","
                + "\"availableFrom\":\"2027-01-01\"}");
        String id = offered.json().get("id").asString();

        List<Org> applicants = APPLICANTS.subList(0, APPLICANT_COUNT);
        List<Http.Answer> applications = atOnce(applicants.stream().<Callable<Http.Answer>>map(applicant -> () ->
                http.post("/api/v1/premises/" + id + "/applications", applicant.key(),
                        "{\"project\":\"Projet de " + applicant.id() + "\"}")).toList());
        assertThat(applications).extracting(Http.Answer::status).as(() -> applications.stream()
                .filter(a -> a.status() != 201).map(Http.Answer::body).toList().toString()).containsOnly(201);
        JsonNode applied = http.get("/api/v1/premises/" + id, null).json();
        assertThat(applied.get("applications").asInt()).isEqualTo(APPLICANT_COUNT);
        assertThat(applied.get("version").asLong()).isEqualTo(1 + APPLICANT_COUNT);

        List<String> applicationIds = applications.stream().map(a -> a.json().get("id").asString()).toList();
        List<Http.Answer> reservations = atOnce(applicationIds.stream().<Callable<Http.Answer>>map(applicationId -> () ->
                http.post("/api/v1/premises/" + id + "/reservation", NANTES.key(),
                        "{\"applicationId\":\"" + applicationId + "\"}")).toList());

        List<Http.Answer> won = reservations.stream().filter(a -> a.status() == 200).toList();
        List<Http.Answer> lost = reservations.stream().filter(a -> a.status() != 200).toList();
        assertThat(won).hasSize(1);
        assertThat(lost).hasSize(APPLICANT_COUNT - 1).allSatisfy(answer -> {
            assertProblem(answer, 409);
            assertThat(answer.json().get("currentStatus").asString()).isEqualTo("RESERVED");
        });
        String winner = won.get(0).json().get("reservedApplicationId").asString();
        JsonNode reserved = http.get("/api/v1/premises/" + id, null).json();
        assertThat(reserved.get("status").asString()).isEqualTo("RESERVED");
        assertThat(reserved.get("reservedApplicationId").asString()).isEqualTo(winner);
        assertThat(reserved.get("version").asLong()).as("reserved, then a version per declined application")
                .isEqualTo(2 + APPLICANT_COUNT + (APPLICANT_COUNT - 1));

        List<Published> events = awaitEvents(id, 1 + APPLICANT_COUNT + APPLICANT_COUNT);
        assertThat(events).filteredOn(e -> e.type().equals(type("premises.reserved"))).singleElement()
                .satisfies(e -> assertThat(e.payload().get("applicationId").asString()).isEqualTo(winner));
        assertThat(events).filteredOn(e -> e.type().equals(type("premises.application-declined")))
                .extracting(e -> e.payload().get("applicationId").asString())
                .hasSize(APPLICANT_COUNT - 1).doesNotContain(winner).doesNotHaveDuplicates();
        assertThat(events).hasSize(1 + APPLICANT_COUNT + APPLICANT_COUNT);
        assertThat(events).extracting(e -> e.payload().get("version").asLong()).as("one version per event, in order")
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 1 + 2L * APPLICANT_COUNT).boxed().toList());
    }

    /** Runs the calls on as many threads, released together. */
    static <T> List<T> atOnce(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
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
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
