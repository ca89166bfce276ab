package fr.maillage.activity.api;

import fr.maillage.events.CloudEvent;
import fr.maillage.events.EventJson;
import fr.maillage.events.activity.ActivityReportPublished;
import fr.maillage.messaging.KafkaHeaders;
import fr.maillage.testsupport.Http;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ActivityReportsApiTest extends ActivityServiceTest {

    private static final String PATH = "/api/v1/activity-reports";
    private static final String DAY = LocalDate.now().minusDays(3).toString();

    @Test
    void aFabriquePublishesForItsPlaceAndItsNetwork_andEventsCarryThePlaceGeography() {
        var operator = registry.organisation("Fabrique de Guéret", "FABRIQUE");
        String fabrique = registry.fabrique(operator.id());
        String member = registry.member(fabrique);

        Http.Answer answer = post(operator.key(), report("gueret-2026-001", fabrique, 14),
                report("gueret-2026-002", member, 8));

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(statuses(answer)).containsExactly("ACCEPTED", "ACCEPTED");
        UUID expectedId = UUID.nameUUIDFromBytes((operator.id() + "|gueret-2026-002|0").getBytes(StandardCharsets.UTF_8));
        assertThat(answer.json().at("/results/1/eventId").asString()).isEqualTo(expectedId.toString());
        assertThat(answer.json().at("/results/1").has("reason")).as("no reason on an accepted item").isFalse();

        ConsumerRecord<String, byte[]> record = eventsOf(member, found -> !found.isEmpty()).get(0);
        CloudEvent event = KafkaHeaders.toCloudEvent(record);
        assertThat(event.id()).isEqualTo(expectedId.toString());
        assertThat(event.type()).isEqualTo("fr.maillage.activity.activity-report.published.v1");
        assertThat(event.subject()).isEqualTo(member);
        assertThat(event.dataSchema()).isEqualTo("urn:maillage:schema:activity.activity-report.published:1");
        ActivityReportPublished payload = EventJson.read(record.value(), ActivityReportPublished.class);
        assertThat(payload.publisherId()).isEqualTo(operator.id());
        assertThat(payload.thirdPlaceId()).isEqualTo(member);
        assertThat(payload.region()).isEqualTo("52");
        assertThat(payload.departement()).isEqualTo("44");
        assertThat(payload.networkFabriqueId()).isEqualTo(fabrique);
        assertThat(payload.participants()).isEqualTo(8);
        assertThat(payload.category()).isEqualTo("WORKSHOP");
        assertThat(payload.audiences()).as("in the order of the enumeration").containsExactly("YOUNG_PEOPLE", "JOB_SEEKERS");
        assertThat(acceptedRecordsOf(operator.id())).isEqualTo(2);
        ActivityReportPublished own = EventJson.read(eventsOf(fabrique, found -> !found.isEmpty()).get(0).value(),
                ActivityReportPublished.class);
        assertThat(own.networkFabriqueId()).as("a network is a Fabrique and its members: its own activity counts in it")
                .isEqualTo(fabrique);
    }

    @Test
    void tenancy_ownPlaceAndNetworkMemberAccepted_outsiderAndUnknownRejected_nothingAllowedForbidden() {
        var fabriqueOperator = registry.organisation("Fabrique", "FABRIQUE");
        String fabrique = registry.fabrique(fabriqueOperator.id());
        String member = registry.member(fabrique);
        var otherOperator = registry.organisation("Tiers-lieu voisin", "THIRD_PLACE");
        String outsider = registry.place(otherOperator.id());
        var national = registry.organisation("National", "NATIONAL");

        Http.Answer mixed = post(fabriqueOperator.key(), report("m-1", fabrique, 1), report("m-2", member, 1),
                report("m-3", outsider, 1), report("m-4", "tl-nowhere", 1));
        assertThat(mixed.status()).as(mixed.body()).isEqualTo(202);
        assertThat(statuses(mixed)).containsExactly("ACCEPTED", "ACCEPTED", "REJECTED", "REJECTED");
        assertThat(mixed.json().at("/results/2/reason").asString()).contains("neither operated by your organisation");
        assertThat(mixed.json().at("/results/3/reason").asString()).startsWith("unknown tiers-lieu")
                .as("it may be a place registered a moment ago").contains("(yet)", "retry shortly");

        Http.Answer onlyOutsiders = post(fabriqueOperator.key(), report("o-1", outsider, 1), report("o-2", "tl-nowhere", 1));
        assertProblem(onlyOutsiders, 403);
        assertThat(onlyOutsiders.json().path("detail").asString()).contains("not known to the activity service (yet");
        assertThat(onlyOutsiders.json().at("/results/0/status").asString()).isEqualTo("REJECTED");

        assertThat(statuses(post(otherOperator.key(), report("p-1", outsider, 1)))).containsExactly("ACCEPTED");
        assertProblem(post(otherOperator.key(), report("p-2", member, 1)), 403);
        assertThat(statuses(post(national.key(), report("n-1", member, 1), report("n-2", outsider, 1))))
                .containsExactly("ACCEPTED", "ACCEPTED");
        assertProblem(post(national.key(), report("n-3", "tl-nowhere", 1)), 403);

        assertThat(acceptedRecordsOf(otherOperator.id())).isEqualTo(1);
        assertThat(publishedFor(outsider, national.key())).containsExactly("p-1/0", "n-2/0", "marker/0");
    }

    /** The report ids and revisions published for a place, read until a marker sent after everything else. */
    private List<String> publishedFor(String place, String key) {
        assertThat(statuses(post(key, report("marker", place, 1)))).containsExactly("ACCEPTED");
        return eventsOf(place, found -> found.stream().anyMatch(r -> eventOf(r).reportId().equals("marker")))
                .stream().map(r -> eventOf(r).reportId() + "/" + eventOf(r).revision()).toList();
    }

    @Test
    void tenancy_analystsAndLocalAuthoritiesMayNotPublish() {
        var operator = registry.organisation("Fabrique", "FABRIQUE");
        String place = registry.fabrique(operator.id());
        var analyst = registry.organisation("Observatoire", "ANALYST");
        var authority = registry.organisation("Commune de Nantes", "LOCAL_AUTHORITY");

        assertProblem(post(analyst.key(), report("a-1", place, 1)), 403);
        assertProblem(post(authority.key(), report("a-2", place, 1)), 403);
        assertThat(acceptedRecordsOf(analyst.id()) + acceptedRecordsOf(authority.id())).isZero();
    }

    @Test
    void tenancy_aWithdrawnLabelEndsPublishingForTheNetwork() {
        var operator = registry.organisation("Fabrique", "FABRIQUE");
        String fabrique = registry.fabrique(operator.id());
        String member = registry.member(fabrique);
        assertThat(statuses(post(operator.key(), report("w-1", member, 1)))).containsExactly("ACCEPTED");

        registry.withdrawLabel(fabrique, operator.id());

        Http.Answer refused = post(operator.key(), report("w-2", member, 1));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().at("/results/0/reason").asString()).as("still a member: the label is the cause")
                .isEqualTo("the Fabrique " + fabrique + " of this tiers-lieu's network has no label in force:"
                        + " it publishes only for the places it operates");
        assertThat(statuses(post(operator.key(), report("w-3", fabrique, 1)))).containsExactly("ACCEPTED");
        assertThat(statuses(post(operator.key(), report("w-1", member, 1))))
                .as("a report accepted before the withdrawal, sent again, is answered as before").containsExactly("DUPLICATE");
    }

    @Test
    void tenancy_aRetryOfWhatWasPublishedBeforeThePlaceLeftTheNetworkIsADuplicate() {
        var operator = registry.organisation("Fabrique", "FABRIQUE");
        String fabrique = registry.fabrique(operator.id());
        var placeOperator = registry.organisation("Tiers-lieu", "THIRD_PLACE");
        String member = registry.member(fabrique, placeOperator.id());
        String batch = report("left-1", member, 7);
        Http.Answer first = post(operator.key(), batch);
        assertThat(statuses(first)).containsExactly("ACCEPTED");

        // the answer was lost; before the retry, the place leaves the network
        registry.leaveNetwork(member, placeOperator.id());
        Http.Answer retried = post(operator.key(), batch);
        Http.Answer revised = post(operator.key(), report("left-1", 1, member, 8));

        assertThat(statuses(retried)).as("published and counted: not refused").containsExactly("DUPLICATE");
        assertThat(retried.json().at("/results/0/eventId").asString()).isEqualTo(first.json().at("/results/0/eventId").asString());
        assertProblem(revised, 403);
    }

    @Test
    void theNationalStructureCorrectsOnItsBehalfTheReportOfAPublisherThatLostThePlace() {
        var operator = registry.organisation("Fabrique", "FABRIQUE");
        String fabrique = registry.fabrique(operator.id());
        String member = registry.member(fabrique);
        var national = registry.organisation("Structure nationale", "NATIONAL");
        var stranger = registry.organisation("Autre tiers-lieu", "THIRD_PLACE");
        assertThat(statuses(post(operator.key(), report("lost-1", member, 40)))).containsExactly("ACCEPTED");
        registry.leaveNetwork(member, null);
        assertProblem(post(operator.key(), report("lost-1", 1, member, 4)), 403);
        String onBehalf = PATH + "?onBehalfOf=" + operator.id();

        Http.Answer corrected = http.post(onBehalf, national.key(), "{\"reports\":[" + report("lost-1", 1, member, 4) + "]}");
        Http.Answer retried = http.post(onBehalf, national.key(), "{\"reports\":[" + report("lost-1", 1, member, 4) + "]}");
        Http.Answer older = http.post(onBehalf, national.key(), "{\"reports\":[" + report("lost-1", 0, member, 41) + "]}");
        Http.Answer byAnother = http.post(onBehalf, stranger.key(), "{\"reports\":[" + report("lost-1", 2, member, 5) + "]}");
        Http.Answer unknown = http.post(PATH + "?onBehalfOf=org-nobody", national.key(),
                "{\"reports\":[" + report("lost-1", 2, member, 5) + "]}");
        // a correction only: a mistyped reportId, or the wrong organisation, is no new report under its name
        Http.Answer mistyped = http.post(onBehalf, national.key(), "{\"reports\":[" + report("lost-l", 1, member, 4) + "]}");
        Http.Answer wrongOrganisation = http.post(PATH + "?onBehalfOf=" + stranger.id(), national.key(),
                "{\"reports\":[" + report("lost-1", 1, member, 4) + "]}");

        assertThat(statuses(corrected)).as(corrected.body()).containsExactly("ACCEPTED");
        assertThat(statuses(retried)).containsExactly("DUPLICATE");
        assertThat(retried.json().at("/results/0/eventId").asString()).isEqualTo(corrected.json().at("/results/0/eventId").asString());
        assertThat(statuses(older)).containsExactly("REJECTED");
        assertProblem(byAnother, 403);
        assertThat(byAnother.json().get("detail").asString()).contains("onBehalfOf");
        assertProblem(unknown, 400);
        assertThat(unknown.json().at("/errors/0/field").asString()).isEqualTo("onBehalfOf");
        assertThat(acceptedRecordsOf(national.id())).as("recorded as the publisher's, not the national structure's")
                .isZero();
        assertThat(statuses(mistyped)).containsExactly("REJECTED");
        assertThat(mistyped.json().at("/results/0/reason").asString())
                .contains("published no activity report of reportId lost-l");
        assertThat(statuses(wrongOrganisation)).containsExactly("REJECTED");
        assertThat(acceptedRecordsOf(stranger.id())).isZero();

        // the correction is a higher revision of the publisher's own report: reporting replaces its figures
        List<ActivityReportPublished> published = eventsOf(member, found -> found.stream()
                .anyMatch(r -> eventOf(r).revision() == 1)).stream().map(ActivityReportsApiTest::eventOf).toList();
        assertThat(published).extracting(event -> event.publisherId() + "/" + event.reportId() + "/"
                + event.revision() + "/" + event.participants() + "/" + event.correctedBy())
                .as("the correction names who sent it; the publisher's own revision names no one")
                .containsExactly(operator.id() + "/lost-1/0/40/null", operator.id() + "/lost-1/1/4/" + national.id());
    }

    @Test
    void aBatchWithInvalidItemsAndItemsForOtherPlacesNamesTheInvalidFields() {
        var operator = registry.organisation("Tiers-lieu", "THIRD_PLACE");
        String own = registry.place(operator.id());
        String outsider = registry.place(registry.organisation("Autre", "THIRD_PLACE").id());

        Http.Answer answer = post(operator.key(), item("mix-1", own, "\"category\":\"KARAOKE\",\"participants\":3"),
                report("mix-2", outsider, 1));

        assertProblem(answer, 400);
        assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("reports[0].category");
        assertThat(answer.json().path("detail").asString()).contains("reports[0].category")
                .contains("1 valid item(s) are for tiers-lieux not known yet (retry them shortly) or your organisation may not publish for");
        assertThat(answer.json().at("/results/1/status").asString()).isEqualTo("REJECTED");
    }

    @Test
    void tenancy_aFabriqueClosedWithItsLabelPublishesNoMoreForItsNetwork() {
        var operator = registry.organisation("Fabrique", "FABRIQUE");
        String fabrique = registry.fabrique(operator.id());
        String member = registry.member(fabrique);
        assertThat(statuses(post(operator.key(), report("closed-1", member, 1)))).containsExactly("ACCEPTED");

        registry.closeKeepingTheLabel(fabrique, operator.id());

        Http.Answer refused = post(operator.key(), report("closed-2", member, 1));
        assertProblem(refused, 403);
        assertThat(refused.json().at("/results/0/reason").asString()).as("still a member: the closure is the cause")
                .isEqualTo("the Fabrique " + fabrique + " of this tiers-lieu's network is closed:"
                        + " it publishes only for the places it operates");
    }

    @Test
    void tenancy_aRetryOfABatchWithAnInvalidItemIsAnsweredAsItWasThen() {
        var operator = registry.organisation("Fabrique", "FABRIQUE");
        String fabrique = registry.fabrique(operator.id());
        var placeOperator = registry.organisation("Tiers-lieu", "THIRD_PLACE");
        String member = registry.member(fabrique, placeOperator.id());
        String valid = report("then-1", member, 3);
        String invalid = item("then-2", member, "\"category\":\"KARAOKE\",\"participants\":3");
        assertThat(statuses(post(operator.key(), valid, invalid))).containsExactly("ACCEPTED", "REJECTED");

        registry.leaveNetwork(member, placeOperator.id());

        assertThat(statuses(post(operator.key(), valid, invalid))).as("published and counted: 202 as then")
                .containsExactly("DUPLICATE", "REJECTED");
    }

    @Test
    void tenancy_aRevokedKeyIsRefusedOnceItsRevocationArrives() {
        var operator = registry.organisation("Tiers-lieu", "THIRD_PLACE");
        String place = registry.place(operator.id());
        assertThat(post(operator.key(), report("k-1", place, 1)).status()).isEqualTo(202);

        registry.revokeKeys(operator);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> post(operator.key(), report("k-2", place, 1)).status() == 401);
        assertProblem(post(operator.key(), report("k-3", place, 1)), 401);
    }

    @Test
    void resubmissionsAreDuplicates_andHigherRevisionsReplace() {
        var operator = registry.organisation("Tiers-lieu", "THIRD_PLACE");
        String place = registry.place(operator.id());
        String[] batch = {report("r-1", place, 10), report("r-2", place, 20)};

        Http.Answer first = post(operator.key(), batch);
        Http.Answer again = post(operator.key(), batch);
        Http.Answer thrice = post(operator.key(), batch);

        assertThat(statuses(first)).containsExactly("ACCEPTED", "ACCEPTED");
        assertThat(statuses(again)).containsExactly("DUPLICATE", "DUPLICATE");
        assertThat(statuses(thrice)).containsExactly("DUPLICATE", "DUPLICATE");
        assertThat(again.json().at("/results/0/eventId").asString()).isEqualTo(first.json().at("/results/0/eventId").asString());

        Http.Answer revised = post(operator.key(), report("r-1", 1, place, 12));
        assertThat(statuses(revised)).containsExactly("ACCEPTED");
        assertThat(revised.json().at("/results/0/eventId").asString()).isNotEqualTo(first.json().at("/results/0/eventId").asString());

        Http.Answer stale = post(operator.key(), report("r-1", 0, place, 10));
        assertThat(statuses(stale)).containsExactly("REJECTED");
        assertThat(stale.json().at("/results/0/reason").asString()).contains("newer revision (1)");

        Http.Answer conflicting = post(operator.key(), report("r-2", 0, place, 21));
        assertThat(statuses(conflicting)).containsExactly("REJECTED");
        assertThat(conflicting.json().at("/results/0/reason").asString()).contains("higher revision");

        Http.Answer twoRevisions = post(operator.key(), report("r-3", 0, place, 5), report("r-3", 2, place, 6));
        assertThat(statuses(twoRevisions)).containsExactly("DUPLICATE", "ACCEPTED");

        post(operator.key(), report("marker", place, 1));
        List<String> published = eventsOf(place, found -> found.stream().anyMatch(r -> eventOf(r).reportId().equals("marker")))
                .stream().map(r -> eventOf(r).reportId() + "/" + eventOf(r).revision()).toList();
        assertThat(published).containsExactly("r-1/0", "r-2/0", "r-1/1", "r-3/2", "marker/0");
    }

    @Test
    void concurrentRequestsOfOnePublisherAcceptAReportOnce_theOthersSayItsContentDiffers() throws Exception {
        var operator = registry.organisation("Tiers-lieu pressé", "THIRD_PLACE");
        String place = registry.place(operator.id());
        int requests = 6;
        List<Http.Answer> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            // the same report and revision, other content in each request, all sent at once
            List<Future<Http.Answer>> sent = IntStream.range(0, requests)
                    .mapToObj(i -> pool.submit(() -> post(operator.key(), report("race-1", place, 10 + i)))).toList();
            for (Future<Http.Answer> answer : sent) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> statuses = answers.stream().map(answer -> statuses(answer).get(0)).toList();
        assertThat(statuses).as("one accepted, whichever came first").containsOnlyOnce("ACCEPTED")
                .containsOnly("ACCEPTED", "REJECTED");
        int acceptedParticipants = 10 + statuses.indexOf("ACCEPTED");
        post(operator.key(), report("race-marker", place, 1));
        List<ActivityReportPublished> published = eventsOf(place, found -> found.stream()
                .anyMatch(r -> eventOf(r).reportId().equals("race-marker"))).stream().map(ActivityReportsApiTest::eventOf).toList();
        assertThat(published).extracting(ActivityReportPublished::reportId).containsExactly("race-1", "race-marker");
        assertThat(published.get(0).participants()).as("the event carries the accepted content")
                .isEqualTo(acceptedParticipants);
    }

    @Test
    void aMixedBatchPublishesItsValidItemsOnly_andSaysWhyTheOthersWereRefused() {
        var operator = registry.organisation("Tiers-lieu", "THIRD_PLACE");
        String place = registry.place(operator.id());

        Http.Answer answer = post(operator.key(),
                report("ok-1", place, 3),
                item("bad-category", place, "\"category\":\"KARAOKE\",\"participants\":3"),
                item("bad-future", place, "\"date\":\"" + LocalDate.now().plusDays(3) + "\",\"category\":\"EVENT\",\"participants\":3"),
                item("bad-old", place, "\"date\":\"1999-12-31\",\"category\":\"EVENT\",\"participants\":3"),
                report("ok-2", place, 4),
                item("bad-half", place, "\"category\":\"EVENT\",\"participants\":12.5"),
                item("bad-crowd", place, "\"category\":\"EVENT\",\"participants\":100001"),
                item("bad-hours", place, "\"category\":\"EVENT\",\"participants\":1,\"hours\":10001"),
                item("bad-audience", place, "\"category\":\"EVENT\",\"participants\":1,\"audiences\":[\"ALIENS\"]"),
                item("bad id with spaces", place, "\"category\":\"EVENT\",\"participants\":1"),
                item("bad-revision", place, "\"category\":\"EVENT\",\"participants\":1,\"revision\":-1"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(statuses(answer)).containsExactly("ACCEPTED", "REJECTED", "REJECTED", "REJECTED", "ACCEPTED",
                "REJECTED", "REJECTED", "REJECTED", "REJECTED", "REJECTED", "REJECTED");
        JsonNode results = answer.json().get("results");
        assertThat(results.get(1).get("reason").asString()).startsWith("category must be one of");
        assertThat(results.get(2).get("reason").asString()).contains("date must not be in the future");
        assertThat(results.get(3).get("reason").asString()).contains("date must not be before 2000-01-01");
        assertThat(results.get(5).get("reason").asString()).contains("participants must be a whole number");
        assertThat(results.get(6).get("reason").asString()).contains("participants");
        assertThat(results.get(7).get("reason").asString()).contains("hours");
        assertThat(results.get(8).get("reason").asString()).contains("audiences");
        assertThat(results.get(9).get("reportId").asString()).isEqualTo("bad id with spaces");
        assertThat(results.get(9).get("reason").asString()).contains("reportId");
        assertThat(results.get(10).get("reason").asString()).contains("revision");
        assertThat(results.get(1).has("eventId")).isFalse();

        post(operator.key(), report("marker", place, 1));
        List<String> published = eventsOf(place, found -> found.stream().anyMatch(r -> eventOf(r).reportId().equals("marker")))
                .stream().map(r -> eventOf(r).reportId()).toList();
        assertThat(published).containsExactly("ok-1", "ok-2", "marker");
    }

    @Test
    void aBatchWithNothingValidIs400NamingEachField() {
        var operator = registry.organisation("Tiers-lieu", "THIRD_PLACE");
        String place = registry.place(operator.id());

        Http.Answer answer = post(operator.key(), item("x-1", place, "\"category\":\"KARAOKE\",\"participants\":3"),
                item("x-2", place, "\"category\":\"EVENT\""));

        assertProblem(answer, 400);
        assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("reports[0].category");
        assertThat(answer.json().at("/errors/1/field").asString()).isEqualTo("reports[1].participants");
        assertThat(answer.json().at("/results/1/status").asString()).isEqualTo("REJECTED");
        assertThat(acceptedRecordsOf(operator.id())).isZero();
    }

    @Test
    void aBatchHoldsOneToOneThousandReports() {
        var operator = registry.organisation("Fabrique", "FABRIQUE");
        String place = registry.fabrique(operator.id());
        String[] thousand = IntStream.range(0, 1000).mapToObj(i -> report("big-" + i, place, i % 50)).toArray(String[]::new);
        String[] tooMany = IntStream.range(0, 1001).mapToObj(i -> report("over-" + i, place, 1)).toArray(String[]::new);

        Http.Answer over = post(operator.key(), tooMany);
        assertProblem(over, 400);
        assertThat(over.json().at("/errors/0/field").asString()).isEqualTo("reports");
        assertProblem(http.post(PATH, operator.key(), "{\"reports\":[]}"), 400);
        assertProblem(http.post(PATH, operator.key(), "{}"), 400);
        assertThat(acceptedRecordsOf(operator.id())).isZero();

        Http.Answer full = post(operator.key(), thousand);
        assertThat(full.status()).as(full.body()).isEqualTo(202);
        assertThat(statuses(full)).hasSize(1000).containsOnly("ACCEPTED");
        assertThat(acceptedRecordsOf(operator.id())).isEqualTo(1000);
        List<String> expected = new ArrayList<>(IntStream.range(0, 1000).mapToObj(i -> "big-" + i + "/0").toList());
        expected.add("marker/0");
        assertThat(publishedFor(place, operator.key())).as("each report once, in the batch's order").isEqualTo(expected);
    }

    @Test
    void hostileInputIsAnsweredWithProblems_andNothingIsStored() {
        var operator = registry.organisation("Tiers-lieu", "THIRD_PLACE");
        String place = registry.place(operator.id());
        String valid = report("h-1", place, 1);
        String key = operator.key();

        assertProblem(http.post(PATH, null, "{\"reports\":[" + valid + "]}"), 401);
        assertProblem(http.post(PATH, "mlg_not-a-key", "{\"reports\":[" + valid + "]}"), 401);
        assertProblem(http.post(PATH, key, "not json"), 400);
        assertProblem(http.post(PATH, key, "{\"reports\":[" + valid), 400);
        assertProblem(http.post(PATH, key, "[" + valid + "]"), 400);
        assertProblem(http.post(PATH, key, "{\"reports\":\"" + place + "\"}"), 400);
        assertProblem(http.post(PATH, key, "{\"reports\":[42]}"), 400);
        assertProblem(http.post(PATH, key, "{\"reports\":[null]}"), 400);
        Http.Answer injected = http.post(PATH, key, "{\"reports\":[" + valid.replace("\"" + place + "\"", "{\"$gt\":\"\"}") + "]}");
        assertProblem(injected, 400);
        assertThat(injected.json().at("/errors/0/field").asString()).isEqualTo("reports[0].thirdPlaceId");
        assertProblem(http.post(PATH, key, "{\"reports\":[" + valid.replace("{", "{\"$where\":\"1\",") + "]}"), 400);
        assertProblem(http.post(PATH, key, "{\"reports\":[" + valid.replace("{", "{\"a.b\":1,") + "]}"), 400);
        assertProblem(http.post(PATH, key, "{\"$set\":{\"x\":1},\"reports\":[" + valid + "]}"), 400);
        assertProblem(http.post(PATH, key, "{\"reports\":[" + valid.replace("\"participants\":1", "\"participants\":\"many\"") + "]}"), 400);
        assertProblem(http.post(PATH, key, "{\"reports\":[" + valid.replace("\"participants\":1", "\"participants\":true") + "]}"), 400);
        assertProblem(http.post(PATH, key, "{\"reports\":[" + valid.replace("\"participants\":1", "\"participants\":1e999999") + "]}"), 400);
        assertProblem(http.post(PATH, key, "{\"reports\":[" + valid.replace("\"participants\":1", "\"participants\":" + "9".repeat(2000)) + "]}"), 400);
        assertProblem(http.post(PATH, key, "{\"reports\":[" + valid.replace("\"participants\":1", "\"participants\":1,\"participants\":2") + "]}"), 400);
        assertProblem(http.post(PATH, key, "{\"reports\":[" + valid.replace("h-1", "h\\u0000-1") + "]}"), 400);
        assertProblem(http.post(PATH, key, "{\"reports\":[" + valid.replace("WORKSHOP", "WORKSHOP\\n") + "]}"), 400);
        assertProblem(http.post(PATH, key, "{\"reports\":[" + valid.replace("h-1", "../../etc/passwd") + "]}"), 400);
        assertProblem(http.post(PATH, key, "{\"reports\":[" + valid.replace("h-1", "x".repeat(101)) + "]}"), 400);
        assertProblem(http.post(PATH, key, "{\"reports\":[" + valid + "],\"padding\":\"" + "x".repeat(1_100_000) + "\"}"), 413);
        assertProblem(http.send(http.builder(PATH, key).header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"reports\":[" + valid + "]}")), Map.of()), 415);

        assertThat(acceptedRecordsOf(operator.id())).isZero();
        post(key, report("marker", place, 1));
        assertThat(eventsOf(place, found -> !found.isEmpty()).stream().map(r -> eventOf(r).reportId())).containsExactly("marker");
    }

    @Test
    void overItsRateLimitAKeyIsAnswered429WithRetryAfter() throws Exception {
        var operator = registry.organisation("Tiers-lieu", "THIRD_PLACE");
        String cheap = "{\"reports\":[" + item("rl", "tl-x", "\"category\":\"KARAOKE\",\"participants\":1") + "]}";
        List<Http.Answer> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                List<Future<Http.Answer>> burst = IntStream.range(0, 3 * BATCHES_PER_SECOND)
                        .mapToObj(i -> pool.submit(() -> http.post(PATH, operator.key(), cheap))).toList();
                for (Future<Http.Answer> answer : burst) {
                    answers.add(answer.get());
                }
                return answers.stream().anyMatch(a -> a.status() == 429);
            });
        } finally {
            pool.shutdownNow();
        }

        Http.Answer limited = answers.stream().filter(a -> a.status() == 429).findFirst().orElseThrow();
        assertProblem(limited, 429);
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 5);
        assertThat(answers).extracting(Http.Answer::status).containsOnly(400, 429);
        var other = registry.organisation("Autre", "THIRD_PLACE");
        assertThat(http.post(PATH, other.key(), cheap).status()).as("the limit is per key").isEqualTo(400);
    }

    @Test
    void whenKafkaDoesNotAcknowledge_theAnswerIs503WithRetryAfter_andARetryPublishes() {
        var operator = registry.organisation("Tiers-lieu", "THIRD_PLACE");
        String place = registry.place(operator.id());
        String[] batch = {report("down-1", place, 3), report("down-2", place, 4)};

        kafkaOutage.during(() -> {
            Http.Answer refused = post(operator.key(), batch);
            assertProblem(refused, 503);
            assertThat(refused.header("Retry-After")).isNotBlank();
            assertThat(refused.json().get("detail").asString()).contains("nothing was recorded");
        });
        assertThat(acceptedRecordsOf(operator.id())).as("nothing recorded as accepted").isZero();

        Http.Answer retried = post(operator.key(), batch);
        assertThat(statuses(retried)).containsExactly("ACCEPTED", "ACCEPTED");
        assertThat(eventsOf(place, found -> found.size() >= 2)).extracting(r -> eventOf(r).reportId())
                .containsExactly("down-1", "down-2");
    }

    private Http.Answer post(String key, String... reports) {
        return http.post(PATH, key, "{\"reports\":[" + String.join(",", reports) + "]}");
    }

    static String report(String reportId, String place, int participants) {
        return report(reportId, 0, place, participants);
    }

    static String report(String reportId, int revision, String place, int participants) {
        return "{\"reportId\":\"" + reportId + "\",\"revision\":" + revision + ",\"thirdPlaceId\":\"" + place
                + "\",\"date\":\"" + DAY + "\",\"category\":\"WORKSHOP\",\"participants\":" + participants
                + ",\"hours\":2.5,\"audiences\":[\"YOUNG_PEOPLE\",\"JOB_SEEKERS\"]}";
    }

    /** A report with the given fields after its id and place (and a valid date unless given). */
    private static String item(String reportId, String place, String fields) {
        String date = fields.contains("\"date\"") ? "" : "\"date\":\"" + DAY + "\",";
        return "{\"reportId\":\"" + reportId + "\",\"thirdPlaceId\":\"" + place + "\"," + date + fields + "}";
    }

    private static List<String> statuses(Http.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        List<String> statuses = new ArrayList<>();
        answer.json().get("results").forEach(result -> statuses.add(result.get("status").asString()));
        return statuses;
    }

    private static ActivityReportPublished eventOf(ConsumerRecord<String, byte[]> record) {
        return EventJson.read(record.value(), ActivityReportPublished.class);
    }
}
