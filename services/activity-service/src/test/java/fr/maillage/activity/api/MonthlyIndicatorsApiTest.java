package fr.maillage.activity.api;

import fr.maillage.activity.domain.Audience;
import fr.maillage.activity.domain.Category;
import fr.maillage.events.CloudEvent;
import fr.maillage.events.EventJson;
import fr.maillage.events.activity.MonthlyIndicatorsPublished;
import fr.maillage.messaging.KafkaHeaders;
import fr.maillage.testsupport.Http;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class MonthlyIndicatorsApiTest extends ActivityServiceTest {

    private static final String PATH = "/api/v1/monthly-indicators";
    private static final String LAST_MONTH = YearMonth.now().minusMonths(1).toString();

    @Test
    void aPlacePublishesItsMonthlyFigures_andResubmittingThemChangesNothing() {
        var operator = registry.organisation("Tiers-lieu", "THIRD_PLACE");
        String place = registry.place(operator.id());
        String body = "{\"indicators\":[{\"reportId\":\"ind-" + LAST_MONTH + "\",\"thirdPlaceId\":\"" + place
                + "\",\"month\":\"" + LAST_MONTH + "\",\"members\":120,\"deskDays\":640,\"staffFte\":2.5,"
                + "\"volunteers\":6,\"ownRevenueShare\":0.45}]}";

        Http.Answer first = http.post(PATH, operator.key(), body);
        Http.Answer again = http.post(PATH, operator.key(), body);

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.json().at("/results/0/status").asString()).isEqualTo("ACCEPTED");
        assertThat(again.json().at("/results/0/status").asString()).isEqualTo("DUPLICATE");
        // a report after both, on the same key: whatever the resubmission published would be before it
        assertThat(http.post("/api/v1/activity-reports", operator.key(), "{\"reports\":["
                + ActivityReportsApiTest.report("marker", place, 1) + "]}").status()).isEqualTo(202);
        List<ConsumerRecord<String, byte[]>> published = eventsOf(place, found -> found.stream()
                .anyMatch(r -> KafkaHeaders.toCloudEvent(r).type().endsWith(".activity-report.published.v1")));
        assertThat(published).as("the figures once, then the marker").hasSize(2);
        ConsumerRecord<String, byte[]> record = published.get(0);
        CloudEvent event = KafkaHeaders.toCloudEvent(record);
        assertThat(event.type()).isEqualTo("fr.maillage.activity.monthly-indicators.published.v1");
        assertThat(event.id()).isEqualTo(first.json().at("/results/0/eventId").asString());
        MonthlyIndicatorsPublished payload = EventJson.read(record.value(), MonthlyIndicatorsPublished.class);
        assertThat(payload.month()).isEqualTo(LAST_MONTH);
        assertThat(payload.members()).isEqualTo(120);
        assertThat(payload.ownRevenueShare()).isEqualTo(0.45);
        assertThat(payload.region()).isEqualTo("52");
        assertThat(payload.publisherId()).isEqualTo(operator.id());
    }

    @Test
    void aReportIdIsNotSharedBetweenReportsAndIndicators() {
        var operator = registry.organisation("Tiers-lieu", "THIRD_PLACE");
        String place = registry.place(operator.id());
        assertThat(http.post("/api/v1/activity-reports", operator.key(), "{\"reports\":["
                + ActivityReportsApiTest.report("shared-1", place, 3) + "]}").status()).isEqualTo(202);

        Http.Answer answer = http.post(PATH, operator.key(), "{\"indicators\":[{\"reportId\":\"shared-1\",\"revision\":1,"
                + "\"thirdPlaceId\":\"" + place + "\",\"month\":\"" + LAST_MONTH + "\",\"members\":3},"
                + "{\"reportId\":\"own-1\",\"thirdPlaceId\":\"" + place + "\",\"month\":\"" + LAST_MONTH + "\",\"volunteers\":2}]}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.json().at("/results/0/status").asString()).isEqualTo("REJECTED");
        assertThat(answer.json().at("/results/0/reason").asString()).contains("already used by your activity report");
        assertThat(answer.json().at("/results/1/status").asString()).isEqualTo("ACCEPTED");
    }

    @Test
    void aTiersLieuMonthHasOneSetOfIndicators_whoeverPublishesIt_evenBothAtOnce() throws Exception {
        var fabriqueOperator = registry.organisation("Fabrique", "FABRIQUE");
        String fabrique = registry.fabrique(fabriqueOperator.id());
        var placeOperator = registry.organisation("Tiers-lieu", "THIRD_PLACE");
        String place = registry.member(fabrique, placeOperator.id());
        String month = YearMonth.now().minusMonths(2).toString();

        // both publishers at once: one report gives the month, the other is refused (raceAfterRace_ repeats it)
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Http.Answer> byPlace = pool.submit(() -> http.post(PATH, placeOperator.key(),
                    indicators("own-" + month, place, month, 40)));
            Future<Http.Answer> byFabrique = pool.submit(() -> http.post(PATH, fabriqueOperator.key(),
                    indicators("network-" + month, place, month, 41)));
            List<String> statuses = List.of(status(byPlace.get()), status(byFabrique.get()));
            assertThat(statuses).containsExactlyInAnyOrder("ACCEPTED", "REJECTED");
        } finally {
            pool.shutdown();
        }
        Http.Answer again = http.post(PATH, fabriqueOperator.key(), indicators("network-2-" + month, place, month, 42));
        Http.Answer correction = http.post(PATH, placeOperator.key(),
                withRevision(indicators("own-" + month, place, month, 43), 1));
        Http.Answer otherMonth = http.post(PATH, placeOperator.key(),
                indicators("own-" + LAST_MONTH, place, LAST_MONTH, 44));

        String refusal = again.json().at("/results/0/reason").asString();
        boolean placeOwnsIt = correction.json().at("/results/0/status").asString().equals("ACCEPTED");
        assertThat(status(again)).isEqualTo("REJECTED");
        assertThat(refusal).satisfiesAnyOf(
                reason -> assertThat(reason).contains("already published by another organisation"),
                reason -> assertThat(reason).contains("your report network-" + month));
        assertThat(refusal).doesNotContain(placeOperator.id()).doesNotContain(fabriqueOperator.id());
        assertThat(status(otherMonth)).isEqualTo("ACCEPTED");
        List<ConsumerRecord<String, byte[]>> events = eventsOf(place, found -> found.size() >= (placeOwnsIt ? 3 : 2));
        assertThat(events).extracting(record -> EventJson.read(record.value(), MonthlyIndicatorsPublished.class))
                .filteredOn(payload -> payload.month().equals(month))
                .extracting(MonthlyIndicatorsPublished::publisherId).containsOnly(placeOwnsIt
                        ? placeOperator.id() : fabriqueOperator.id());
    }

    @Test
    void raceAfterRace_eachMonthIsAcceptedOnceAndPublishedOnce() throws Exception {
        var fabriqueOperator = registry.organisation("Fabrique", "FABRIQUE");
        String fabrique = registry.fabrique(fabriqueOperator.id());
        var placeOperator = registry.organisation("Tiers-lieu", "THIRD_PLACE");
        String place = registry.member(fabrique, placeOperator.id());
        List<String> months = IntStream.rangeClosed(2, 6).mapToObj(ago -> YearMonth.now().minusMonths(ago).toString()).toList();
        int posters = 4; // two per publisher, each with its own report id

        ExecutorService pool = Executors.newFixedThreadPool(posters);
        try {
            for (String month : months) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Http.Answer>> answers = new ArrayList<>();
                for (int i = 0; i < posters; i++) {
                    var publisher = i % 2 == 0 ? placeOperator : fabriqueOperator;
                    String reportId = "race-" + i + "-" + month;
                    answers.add(pool.submit(() -> {
                        go.await();
                        return http.post(PATH, publisher.key(), indicators(reportId, place, month, 40));
                    }));
                }
                go.countDown();
                List<String> statuses = new ArrayList<>();
                for (Future<Http.Answer> answer : answers) {
                    statuses.add(status(answer.get()));
                }
                assertThat(statuses).as(month).filteredOn("ACCEPTED"::equals).hasSize(1);
                assertThat(statuses).as(month).filteredOn("REJECTED"::equals).hasSize(posters - 1);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(status(http.post(PATH, placeOperator.key(), indicators("marker", place, LAST_MONTH, 1)))).isEqualTo("ACCEPTED");
        List<String> published = eventsOf(place, found -> found.stream()
                .anyMatch(r -> EventJson.read(r.value(), MonthlyIndicatorsPublished.class).reportId().equals("marker")))
                .stream().map(r -> EventJson.read(r.value(), MonthlyIndicatorsPublished.class).month()).toList();
        List<String> expected = new ArrayList<>(months);
        expected.add(LAST_MONTH);
        assertThat(published).as("one event per month, the marker's last").isEqualTo(expected);
    }

    @Test
    void aMonthPublishedByAFabriqueIsTakenOverByThePlaceOnceItLeftTheNetwork_withAHigherRevision() {
        var fabriqueOperator = registry.organisation("Fabrique", "FABRIQUE");
        String fabrique = registry.fabrique(fabriqueOperator.id());
        var placeOperator = registry.organisation("Tiers-lieu", "THIRD_PLACE");
        var national = registry.organisation("ANCT", "NATIONAL");
        String place = registry.member(fabrique, placeOperator.id());
        String month = YearMonth.now().minusMonths(4).toString();
        assertThat(status(http.post(PATH, fabriqueOperator.key(), indicators("network", place, month, 40))))
                .isEqualTo("ACCEPTED");
        assertThat(status(http.post(PATH, placeOperator.key(), indicators("own", place, month, 41))))
                .as("the Fabrique may still publish for it").isEqualTo("REJECTED");

        registry.leaveNetwork(place, placeOperator.id());
        Http.Answer sameRevision = http.post(PATH, placeOperator.key(), indicators("own", place, month, 42));
        Http.Answer above = http.post(PATH, placeOperator.key(), withRevision(indicators("own", place, month, 43), 1));
        Http.Answer byNational = http.post(PATH, national.key(), withRevision(indicators("anct", place, month, 44), 2));

        assertThat(status(sameRevision)).isEqualTo("REJECTED");
        assertThat(sameRevision.json().at("/results/0/reason").asString()).contains("up to revision 0");
        assertThat(status(above)).isEqualTo("ACCEPTED");
        assertThat(status(byNational)).as("the national structure may always take over").isEqualTo("ACCEPTED");
        List<MonthlyIndicatorsPublished> published = eventsOf(place, found -> found.size() >= 3).stream()
                .map(record -> EventJson.read(record.value(), MonthlyIndicatorsPublished.class)).toList();
        assertThat(published).extracting(MonthlyIndicatorsPublished::revision).containsExactly(0, 1, 2);
    }

    @Test
    void aMonthClaimedBeforeOwnersKeptARevisionCanBeTakenOver() {
        var fabriqueOperator = registry.organisation("Fabrique", "FABRIQUE");
        String fabrique = registry.fabrique(fabriqueOperator.id());
        var national = registry.organisation("ANCT", "NATIONAL");
        String place = registry.member(fabrique, registry.organisation("Tiers-lieu", "THIRD_PLACE").id());
        String month = YearMonth.now().minusMonths(5).toString();
        for (int revision = 0; revision <= 2; revision++) {
            assertThat(status(http.post(PATH, fabriqueOperator.key(),
                    withRevision(indicators("earlier", place, month, 40 + revision), revision)))).isEqualTo("ACCEPTED");
        }
        // the owner document as the service wrote it before it kept the revision
        database.getCollection("subject_owners").updateOne(com.mongodb.client.model.Filters.eq("_id", place + "|" + month),
                com.mongodb.client.model.Updates.unset("revision"));

        Http.Answer under = http.post(PATH, national.key(), withRevision(indicators("anct-earlier", place, month, 44), 2));
        Http.Answer above = http.post(PATH, national.key(), withRevision(indicators("anct-earlier", place, month, 45), 3));

        assertThat(status(under)).as("reporting keeps revision 2 of the owner: a takeover must pass it")
                .isEqualTo("REJECTED");
        assertThat(above.status()).as(above.body()).isEqualTo(202);
        assertThat(status(above)).isEqualTo("ACCEPTED");
    }

    private static String withRevision(String indicators, int revision) {
        return indicators.replace("\"reportId\"", "\"revision\":" + revision + ",\"reportId\"");
    }

    @Test
    void aRevisionCannotMoveIndicatorsToAnotherMonth() {
        var operator = registry.organisation("Tiers-lieu", "THIRD_PLACE");
        String place = registry.place(operator.id());
        String earlier = YearMonth.now().minusMonths(3).toString();
        assertThat(status(http.post(PATH, operator.key(), indicators("moving", place, LAST_MONTH, 5)))).isEqualTo("ACCEPTED");

        Http.Answer moved = http.post(PATH, operator.key(),
                withRevision(indicators("moving", place, earlier, 5), 1));

        assertThat(status(moved)).isEqualTo("REJECTED");
        assertThat(moved.json().at("/results/0/reason").asString()).contains("new reportId");
    }

    private static String indicators(String reportId, String place, String month, int members) {
        return "{\"indicators\":[{\"reportId\":\"" + reportId + "\",\"thirdPlaceId\":\"" + place + "\",\"month\":\""
                + month + "\",\"members\":" + members + "}]}";
    }

    private static String status(Http.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return answer.json().at("/results/0/status").asString();
    }

    @Test
    void theOpenApiDocumentDescribesBothEndpoints() {
        var reader = registry.organisation("Lecteur", "ANALYST");

        Http.Answer answer = http.get("/v3/api-docs", reader.key());

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("paths").has("/api/v1/activity-reports")).isTrue();
        assertThat(answer.json().path("paths").has("/api/v1/monthly-indicators")).isTrue();
        assertThat(answer.json().at("/components/securitySchemes/apiKey/scheme").asString()).isEqualTo("bearer");
        assertThat(answer.json().path("paths").has("/error")).as("the error page is no endpoint").isFalse();
        assertThat(answer.body()).as("the caller is resolved from the key, not sent").doesNotContain("\"caller\"");
        var publish = answer.json().at("/paths/~1api~1v1~1activity-reports/post/responses");
        assertThat(publish.has("202")).as("the ingest answers 202, not 200").isTrue();
        assertThat(publish.has("200")).isFalse();
        assertThat(publish.at("/4XX/content/application~1problem+json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(publish.at("/5XX/content").has("application/problem+json")).isTrue();
    }

    @Test
    void theOpenApiDocumentGivesTheRulesEachItemIsCheckedAgainst() {
        var schemas = http.get("/v3/api-docs", registry.organisation("Lecteur", "ANALYST").key()).json()
                .path("components").path("schemas");

        assertThat(schemas.at("/Report/required").valueStream().map(node -> node.asString()))
                .contains("reportId", "thirdPlaceId", "date", "category", "participants");
        assertThat(schemas.at("/Report/properties/category/enum").size()).isEqualTo(Category.values().length);
        assertThat(schemas.at("/Report/properties/audiences/items/enum").valueStream().map(node -> node.asString()))
                .containsExactly(java.util.Arrays.stream(Audience.values()).map(Enum::name).toArray(String[]::new));
        assertThat(schemas.at("/Report/properties/participants/type").asString()).isEqualTo("integer");
        assertThat(schemas.at("/Indicators/required").valueStream().map(node -> node.asString()))
                .contains("reportId", "thirdPlaceId", "month");
        assertThat(schemas.at("/Indicators/properties/ownRevenueShare/maximum").asInt()).isEqualTo(1);
        assertThat(schemas.at("/Indicators/properties/ownRevenueShare/description").asString()).contains("4 decimals");
        assertThat(schemas.at("/Problem/properties/errors/items/properties").has("field")).isTrue();
        // a reportId is copied into events kept forever: publishers are told to keep people out of it
        assertThat(schemas.at("/Report/properties/reportId/description").asString())
                .contains("must not name or identify a person", "kept forever");
        assertThat(schemas.at("/Indicators/properties/reportId/description").asString())
                .contains("must not name or identify a person", "kept forever");
    }

    @Test
    void invalidIndicatorsAreRefusedNamingTheField() {
        var operator = registry.organisation("Fabrique", "FABRIQUE");
        String place = registry.fabrique(operator.id());

        Http.Answer answer = http.post(PATH, operator.key(), "{\"indicators\":[{\"reportId\":\"i-1\",\"thirdPlaceId\":\""
                + place + "\",\"month\":\"" + YearMonth.now().plusMonths(2) + "\",\"members\":3}]}");
        assertProblem(answer, 400);
        assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("indicators[0].month");

        assertProblem(http.post(PATH, operator.key(), "{\"indicators\":[{\"reportId\":\"i-2\",\"thirdPlaceId\":\""
                + place + "\",\"month\":\"" + LAST_MONTH + "\"}]}"), 400);
        assertProblem(http.post(PATH, operator.key(), "{\"reports\":[]}"), 400);
        assertProblem(http.post(PATH, operator.key(), "{\"indicators\":[{\"reportId\":\"i-3\",\"thirdPlaceId\":\""
                + place + "\",\"month\":\"" + LAST_MONTH + "\",\"members\":{\"$gt\":0}}]}"), 400);
        assertThat(acceptedRecordsOf(operator.id())).isZero();
    }
}
