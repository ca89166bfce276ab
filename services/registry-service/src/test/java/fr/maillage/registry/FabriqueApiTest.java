package fr.maillage.registry;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import fr.maillage.events.EventJson;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.events.registry.ThirdPlaceNetworkJoined;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.testsupport.Http;
import fr.maillage.testsupport.TestStack;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class FabriqueApiTest extends RegistryIntegrationTest {

    static final String LABEL = "{\"track\":\"RURAL\",\"wave\":1,\"year\":2019,\"yearlyGrantEur\":50000}";

    @Test
    void theNationalStructureLabelsAFabriqueAndWithdrawsTheLabel() {
        String id = newPlace(null);

        Http.Answer labelled = http.put("/api/v1/third-places/" + id + "/fabrique-label", nationalKey, LABEL);
        assertThat(labelled.status()).as(labelled.body()).isEqualTo(200);
        assertThat(labelled.json().at("/fabriqueLabel/track").asString()).isEqualTo("RURAL");
        assertThat(labelled.json().at("/fabriqueLabel/yearlyGrantEur").asLong()).isEqualTo(50_000);
        assertThat(labelled.json().at("/fabriqueLabel/status").asString()).as("an open place's label").isEqualTo("ACTIVE");
        Http.Answer again = http.put("/api/v1/third-places/" + id + "/fabrique-label", nationalKey, LABEL);
        assertThat(again.json().get("version").asLong()).as("the same label again changes nothing").isEqualTo(2);

        assertThat(http.delete("/api/v1/third-places/" + id + "/fabrique-label", nationalKey).status()).isEqualTo(204);
        Http.Answer withdrawn = http.get("/api/v1/third-places/" + id, nationalKey);
        assertThat(withdrawn.json().at("/fabriqueLabel/status").asString()).isEqualTo("WITHDRAWN");
        assertThat(withdrawn.json().get("version").asLong()).isEqualTo(3);

        var events = readUntil(RegistryTopics.EVENTS, id, records -> records.size() >= 3);
        assertThat(events).extracting(RegistryIntegrationTest::type).containsExactly(
                "fr.maillage.registry.third-place.registered.v1",
                "fr.maillage.registry.third-place.fabrique-labelled.v1",
                "fr.maillage.registry.third-place.fabrique-label-withdrawn.v1");
        var states = readUntil(RegistryTopics.STATE, RegistryTopics.thirdPlaceStateKey(id), records -> records.size() >= 3);
        ThirdPlaceState last = EventJson.read(states.get(states.size() - 1).value(), ThirdPlaceState.class);
        assertThat(last.fabriqueLabel().status()).isEqualTo("WITHDRAWN");
    }

    @Test
    void aLabelWrittenOverAVersionThatMovedOnIsRefusedAndChangesNothing() {
        String id = newPlace(null);
        String path = "/api/v1/third-places/" + id + "/fabrique-label";
        Http.Answer labelled = put(path, LABEL, "\"1\"");
        assertThat(labelled.status()).as(labelled.body()).isEqualTo(200);
        assertThat(labelled.header("ETag")).isEqualTo("\"2\"");
        Http.Answer changed = put(path, LABEL.replace("50000", "60000"), "\"2\"");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("\"3\"");

        Http.Answer stale = put(path, LABEL.replace("50000", "70000"), "\"2\"");
        Http.Answer staleWithdrawal = http.send(http.builder(path, nationalKey).DELETE(), Map.of("If-Match", "2"));

        assertProblem(stale, 409);
        assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(3);
        assertProblem(staleWithdrawal, 409);
        Http.Answer place = http.get("/api/v1/third-places/" + id, nationalKey);
        assertThat(place.json().get("version").asLong()).isEqualTo(3);
        assertThat(place.json().at("/fabriqueLabel/yearlyGrantEur").asLong()).isEqualTo(60_000);
        assertThat(place.json().at("/fabriqueLabel/status").asString()).isEqualTo("ACTIVE");
        assertThat(http.send(http.builder(path, nationalKey).DELETE(), Map.of("If-Match", "3")).status()).isEqualTo(204);
    }

    @Test
    void aMembershipWrittenOverAVersionThatMovedOnIsRefusedAndChangesNothing() {
        String fabrique = newPlace(null);
        http.put("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey, LABEL);
        String member = newPlace(null);
        String path = "/api/v1/fabriques/" + fabrique + "/members/" + member;
        http.patch("/api/v1/third-places/" + member, nationalKey, "{\"surfaceM2\":90}", Map.of("If-Match", "1"));

        assertProblem(put(path, "", "1"), 409);
        assertThat(http.get("/api/v1/third-places/" + member, nationalKey).json().get("networkFabriqueId").isNull()).isTrue();
        Http.Answer joined = put(path, "", "2");
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        assertThat(joined.header("ETag")).isEqualTo("\"3\"");
        assertProblem(http.send(http.builder(path, nationalKey).DELETE(), Map.of("If-Match", "2")), 409);
        assertThat(http.get("/api/v1/third-places/" + member, nationalKey).json().get("networkFabriqueId").asString())
                .isEqualTo(fabrique);
        assertThat(http.send(http.builder(path, nationalKey).DELETE(), Map.of("If-Match", "3")).status()).isEqualTo(204);
    }

    /** A PUT with the national key and If-Match. */
    private Http.Answer put(String path, String json, String ifMatch) {
        return http.send(http.builder(path, nationalKey).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), Map.of("If-Match", ifMatch));
    }

    @Test
    void withdrawingTheLabelOfAPlaceThatNeverHadOneIsRefusedNotAnsweredAsDone() {
        String id = newPlace(null);

        Http.Answer withdrawn = http.delete("/api/v1/third-places/" + id + "/fabrique-label", nationalKey);

        assertProblem(withdrawn, 409);
        assertThat(withdrawn.json().get("detail").asString()).contains("never had a Fabrique label");
        assertThat(http.get("/api/v1/third-places/" + id, nationalKey).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void onlyTheNationalStructureLabelsAndNothingIsStoredOtherwise() {
        Org operator = newOrganisation("FABRIQUE");
        String id = newPlace(operator.id());

        assertProblem(http.put("/api/v1/third-places/" + id + "/fabrique-label", operator.key(), LABEL), 403);
        assertProblem(http.delete("/api/v1/third-places/" + id + "/fabrique-label", operator.key()), 403);
        Http.Answer place = http.get("/api/v1/third-places/" + id, nationalKey);
        assertThat(place.json().get("fabriqueLabel").isNull()).isTrue();
        assertThat(place.json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void aBadLabelNamesEachField() {
        String id = newPlace(null);

        Http.Answer answer = http.put("/api/v1/third-places/" + id + "/fabrique-label", nationalKey,
                "{\"track\":\"URBAN\",\"wave\":1,\"year\":2019,\"yearlyGrantEur\":50000}");
        assertInvalidField(answer, "track");
        Http.Answer ranges = http.put("/api/v1/third-places/" + id + "/fabrique-label", nationalKey,
                "{\"track\":\"QPV\",\"wave\":0,\"year\":1789,\"yearlyGrantEur\":-1}");
        assertInvalidField(ranges, "wave");
        assertInvalidField(ranges, "year");
        assertInvalidField(ranges, "yearlyGrantEur");
        assertInvalidField(http.put("/api/v1/third-places/" + id + "/fabrique-label", nationalKey, "{\"track\":\"QPV\"}"),
                "wave");
        assertProblem(http.put("/api/v1/third-places/tl-" + UUID.randomUUID() + "/fabrique-label", nationalKey, LABEL), 404);
        assertThat(http.get("/api/v1/third-places/" + id, nationalKey).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void theFabriquesOperatorBuildsItsNetworkOfPlacesThatBelongToOneNetworkAtMost() {
        Org fabriqueOperator = newOrganisation("FABRIQUE");
        String fabrique = newPlace(fabriqueOperator.id());
        String otherFabrique = newPlace(null);
        String member = newPlace(fabriqueOperator.id());
        String secondMember = newPlace(null);
        String membersPath = "/api/v1/fabriques/" + fabrique + "/members/";

        assertProblem(http.put(membersPath + member, fabriqueOperator.key(), ""), 409);
        http.put("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey, LABEL);
        http.put("/api/v1/third-places/" + otherFabrique + "/fabrique-label", nationalKey, LABEL);

        Http.Answer joined = http.put(membersPath + member, fabriqueOperator.key(), "");
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        assertThat(joined.json().get("networkFabriqueId").asString()).isEqualTo(fabrique);
        assertThat(http.put(membersPath + member, fabriqueOperator.key(), "").json().get("version").asLong())
                .as("adding a member again changes nothing").isEqualTo(joined.json().get("version").asLong());
        assertThat(http.put(membersPath + secondMember, nationalKey, "").status()).isEqualTo(200);

        assertProblem(http.put("/api/v1/fabriques/" + otherFabrique + "/members/" + member, nationalKey, ""), 409);
        assertProblem(http.put(membersPath + otherFabrique, nationalKey, ""), 409);
        assertProblem(http.put(membersPath + fabrique, nationalKey, ""), 409);
        assertProblem(http.put("/api/v1/third-places/" + member + "/fabrique-label", nationalKey, LABEL), 409);
        assertProblem(http.delete("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey), 409);

        assertThat(ids("/api/v1/third-places?fabrique=" + fabrique)).containsExactlyInAnyOrder(member, secondMember);

        assertThat(http.delete(membersPath + member, fabriqueOperator.key()).status()).isEqualTo(204);
        assertThat(http.delete(membersPath + member, fabriqueOperator.key()).status()).as("idempotent").isEqualTo(204);
        assertThat(http.put("/api/v1/fabriques/" + otherFabrique + "/members/" + member, nationalKey, "").status())
                .as("once out, it may join another network").isEqualTo(200);
        assertThat(ids("/api/v1/third-places?fabrique=" + fabrique)).containsExactly(secondMember);

        var events = readUntil(RegistryTopics.EVENTS, member, records -> records.size() >= 4);
        assertThat(events).extracting(RegistryIntegrationTest::type).containsExactly(
                "fr.maillage.registry.third-place.registered.v1",
                "fr.maillage.registry.third-place.network-joined.v1",
                "fr.maillage.registry.third-place.network-left.v1",
                "fr.maillage.registry.third-place.network-joined.v1");
        ThirdPlaceNetworkJoined last = EventJson.read(events.get(3).value(), ThirdPlaceNetworkJoined.class);
        assertThat(last.fabriqueId()).isEqualTo(otherFabrique);
        assertThat(last.place().networkFabriqueId()).isEqualTo(otherFabrique);
    }

    @Test
    void anotherOrganisationCannotTouchTheNetwork() {
        Org fabriqueOperator = newOrganisation("FABRIQUE");
        Org stranger = newOrganisation("FABRIQUE");
        String fabrique = newPlace(fabriqueOperator.id());
        http.put("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey, LABEL);

        assertNetworkRefuses(stranger.key(), fabrique, fabriqueOperator.id(), fabriqueOperator.key());
    }

    @Test
    void anAnalystOperatingAFabriqueStillOnlyReads() {
        Org analyst = newOrganisation("ANALYST");
        String fabrique = newPlace(analyst.id());
        http.put("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey, LABEL);

        assertNetworkRefuses(analyst.key(), fabrique, null, nationalKey);
    }

    /**
     * {@code refused} can neither add a member (operated by {@code memberOperator}) to the network of
     * {@code fabrique} nor remove one {@code allowed} added.
     */
    private void assertNetworkRefuses(String refused, String fabrique, String memberOperator, String allowed) {
        String member = newPlace(memberOperator);
        assertProblem(http.put("/api/v1/fabriques/" + fabrique + "/members/" + member, refused, ""), 403);
        assertThat(http.get("/api/v1/third-places/" + member, nationalKey).json().get("networkFabriqueId").isNull()).isTrue();
        http.put("/api/v1/fabriques/" + fabrique + "/members/" + member, allowed, "");
        assertProblem(http.delete("/api/v1/fabriques/" + fabrique + "/members/" + member, refused), 403);
        assertThat(http.get("/api/v1/third-places/" + member, nationalKey).json().get("networkFabriqueId").asString())
                .isEqualTo(fabrique);
    }

    @Test
    void aFabriqueCannotTakeInAPlaceItDoesNotOperate() {
        Org fabriqueOperator = newOrganisation("FABRIQUE");
        Org placeOperator = newOrganisation("THIRD_PLACE");
        String fabrique = newPlace(fabriqueOperator.id());
        String operatedElsewhere = newPlace(placeOperator.id());
        String unoperated = newPlace(null); // as every place of an import
        String ownPlace = newPlace(fabriqueOperator.id());
        http.put("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey, LABEL);

        assertProblem(http.put("/api/v1/fabriques/" + fabrique + "/members/" + operatedElsewhere, fabriqueOperator.key(), ""), 403);
        assertThat(http.get("/api/v1/third-places/" + operatedElsewhere, nationalKey).json().get("networkFabriqueId").isNull())
                .as("its activity stays its operator's to publish").isTrue();
        Http.Answer unoperatedTaken = http.put("/api/v1/fabriques/" + fabrique + "/members/" + unoperated,
                fabriqueOperator.key(), "");
        assertProblem(unoperatedTaken, 403);
        assertThat(unoperatedTaken.json().get("detail").asString()).contains("has no operator");
        assertThat(http.get("/api/v1/third-places/" + unoperated, nationalKey).json().get("networkFabriqueId").isNull())
                .as("a Fabrique draws no place into its network, to publish for it, on its own word").isTrue();
        assertThat(http.put("/api/v1/fabriques/" + fabrique + "/members/" + unoperated, nationalKey, "").status())
                .isEqualTo(200);
        assertThat(http.put("/api/v1/fabriques/" + fabrique + "/members/" + ownPlace, fabriqueOperator.key(), "").status())
                .isEqualTo(200);
        assertThat(http.put("/api/v1/fabriques/" + fabrique + "/members/" + operatedElsewhere, nationalKey, "").status())
                .isEqualTo(200);

        // once a member, adding it again changes nothing, whoever asks (a Fabrique reconciling its list)
        String version = http.get("/api/v1/third-places/" + operatedElsewhere, nationalKey).header("ETag");
        Http.Answer again = http.put("/api/v1/fabriques/" + fabrique + "/members/" + operatedElsewhere,
                fabriqueOperator.key(), "");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.header("ETag")).isEqualTo(version);
    }

    @Test
    void aLabelWithdrawnWhilePlacesJoinNeverLeavesAMemberInTheNetworkOfWhatIsNoLongerAFabrique() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            for (int round = 0; round < 12; round++) {
                String fabrique = newPlace(null);
                http.put("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey, LABEL);
                List<String> places = List.of(newPlace(null), newPlace(null), newPlace(null), newPlace(null));
                List<Future<Http.Answer>> joins = new ArrayList<>();
                CountDownLatch start = new CountDownLatch(1);
                for (String place : places) {
                    joins.add(pool.submit(() -> {
                        start.await();
                        return http.put("/api/v1/fabriques/" + fabrique + "/members/" + place, nationalKey, "");
                    }));
                }
                Future<Http.Answer> withdrawal = pool.submit(() -> {
                    start.await();
                    return http.delete("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey);
                });
                start.countDown();

                assertThat(withdrawal.get().status()).as(withdrawal.get().body()).isIn(204, 409);
                String label = http.get("/api/v1/third-places/" + fabrique, nationalKey).json()
                        .at("/fabriqueLabel/status").asString();
                assertThat(label).as("round " + round).isEqualTo(withdrawal.get().status() == 204 ? "WITHDRAWN" : "ACTIVE");
                for (int i = 0; i < places.size(); i++) {
                    Http.Answer join = joins.get(i).get();
                    assertThat(join.status()).as(join.body()).isIn(200, 409);
                    String network = http.get("/api/v1/third-places/" + places.get(i), nationalKey).json()
                            .path("networkFabriqueId").asString(null);
                    if (label.equals("WITHDRAWN")) {
                        assertThat(network).as("a member of a withdrawn Fabrique, round " + round).isNull();
                    }
                    // an addition answered 200 stays; one refused leaves nothing behind
                    assertThat(network).as("round " + round + ", " + join.body())
                            .isEqualTo(join.status() == 200 ? fabrique : null);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMemberLeftInTheNetworkOfAWithdrawnLabelIsReportedByARetriedWithdrawalAndRemovedByHand() {
        String fabrique = newPlace(null);
        http.put("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey, LABEL);
        String member = newPlace(null);
        assertThat(http.delete("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey).status()).isEqualTo(204);
        // what an addition that died between its join and its undo leaves: a member of a withdrawn label
        try (MongoClient mongo = MongoClients.create(TestStack.mongoUri())) {
            mongo.getDatabase(DATABASE).getCollection("third_places").updateOne(Filters.eq("_id", member),
                    Updates.set("state.networkFabriqueId", fabrique));
        }

        Http.Answer retried = http.delete("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey);
        Http.Answer addedAgain = http.put("/api/v1/fabriques/" + fabrique + "/members/" + member, nationalKey, "");

        assertProblem(retried, 409);
        assertThat(retried.json().get("detail").asString()).contains("1 member(s)").contains("remove them");
        assertProblem(addedAgain, 409);
        assertThat(addedAgain.json().get("detail").asString()).contains("was withdrawn");
        assertThat(http.delete("/api/v1/fabriques/" + fabrique + "/members/" + member, nationalKey).status())
                .isEqualTo(204);
        assertThat(http.delete("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/third-places/" + member, nationalKey).json().get("networkFabriqueId").isNull()).isTrue();
    }

    @Test
    void aLabelledFabriqueClosesOnlyOnceTheNationalStructureWithdrawsItsLabel() {
        Org operator = newOrganisation("FABRIQUE");
        String fabrique = newPlace(operator.id());
        http.put("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey, LABEL);

        Http.Answer refused = http.post("/api/v1/third-places/" + fabrique + "/closure", operator.key(), "");
        assertProblem(refused, 409);
        assertThat(refused.json().get("detail").asString()).contains("withdraws its label");
        assertProblem(http.post("/api/v1/third-places/" + fabrique + "/closure", nationalKey, ""), 409);
        Http.Answer still = http.get("/api/v1/third-places/" + fabrique, nationalKey);
        assertThat(still.json().get("status").asString()).isEqualTo("OPEN");
        assertThat(still.json().at("/fabriqueLabel/status").asString()).isEqualTo("ACTIVE");

        assertThat(http.delete("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey).status()).isEqualTo(204);
        Http.Answer closed = http.post("/api/v1/third-places/" + fabrique + "/closure", operator.key(), "");
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(closed.json().get("status").asString()).isEqualTo("CLOSED");
        var events = readUntil(RegistryTopics.EVENTS, fabrique, records -> records.size() >= 4);
        assertThat(events).extracting(RegistryIntegrationTest::type).containsExactly(
                "fr.maillage.registry.third-place.registered.v1",
                "fr.maillage.registry.third-place.fabrique-labelled.v1",
                "fr.maillage.registry.third-place.fabrique-label-withdrawn.v1",
                "fr.maillage.registry.third-place.closed.v1");
    }

    @Test
    void aFabriqueClosedWhileLabelledTakesNoNewMembers() {
        Org operator = newOrganisation("FABRIQUE");
        String fabrique = newPlace(operator.id());
        String member = newPlace(operator.id());
        http.put("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey, LABEL);
        // what a closure left before closures waited for the withdrawal of the label
        try (MongoClient mongo = MongoClients.create(TestStack.mongoUri())) {
            mongo.getDatabase(DATABASE).getCollection("third_places").updateOne(Filters.eq("_id", fabrique),
                    Updates.set("state.details.status", "CLOSED"));
        }

        Http.Answer added = http.put("/api/v1/fabriques/" + fabrique + "/members/" + member, operator.key(), "");

        assertProblem(added, 409);
        assertThat(added.json().get("detail").asString()).contains("is closed");
        assertProblem(http.put("/api/v1/fabriques/" + fabrique + "/members/" + member, nationalKey, ""), 409);
        assertThat(http.get("/api/v1/third-places/" + member, nationalKey).json().get("networkFabriqueId").isNull()).isTrue();
    }

    @Test
    void aProjectsLabelIsLabelledAndTurnsActiveInTheWriteThatOpensIt() {
        String project = http.post("/api/v1/third-places", nationalKey,
                "{\"name\":\"Fabrique en projet\",\"communeCode\":\"44109\",\"status\":\"PROJECT\"}").json()
                .get("id").asString();
        Http.Answer labelled = http.put("/api/v1/third-places/" + project + "/fabrique-label", nationalKey, LABEL);
        assertThat(labelled.json().at("/fabriqueLabel/status").asString()).isEqualTo("LABELLED");

        Http.Answer opened = http.post("/api/v1/third-places/" + project + "/opening", nationalKey, "");

        assertThat(opened.status()).as(opened.body()).isEqualTo(200);
        assertThat(opened.json().at("/fabriqueLabel/status").asString()).isEqualTo("ACTIVE");
        assertThat(opened.json().get("version").asLong()).as("one write").isEqualTo(3);
        var events = readUntil(RegistryTopics.EVENTS, project, records -> records.size() >= 3);
        assertThat(events).extracting(RegistryIntegrationTest::type).containsExactly(
                "fr.maillage.registry.third-place.registered.v1",
                "fr.maillage.registry.third-place.fabrique-labelled.v1",
                "fr.maillage.registry.third-place.opened.v1");
        assertThat(EventJson.read(events.get(2).value(), fr.maillage.events.registry.ThirdPlaceOpened.class)
                .place().fabriqueLabel().status()).isEqualTo("ACTIVE");
    }

    @Test
    void aMemberIsNotHandedToAnotherOperatorWhileInTheNetwork() {
        Org fabriqueOperator = newOrganisation("FABRIQUE");
        Org other = newOrganisation("THIRD_PLACE");
        String fabrique = newPlace(fabriqueOperator.id());
        String member = newPlace(fabriqueOperator.id());
        String outsider = newPlace(fabriqueOperator.id());
        http.put("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey, LABEL);
        assertThat(http.put("/api/v1/fabriques/" + fabrique + "/members/" + member, fabriqueOperator.key(), "").status())
                .isEqualTo(200);
        String path = "/api/v1/third-places/" + member;
        long version = http.get(path, nationalKey).json().get("version").asLong();

        Http.Answer handedOver = http.patch(path, nationalKey, "{\"operatorId\":\"" + other.id() + "\"}",
                Map.of("If-Match", String.valueOf(version)));

        assertProblem(handedOver, 409);
        assertThat(handedOver.json().get("detail").asString()).contains("remove it from the network of " + fabrique + " first");
        assertThat(http.get(path, nationalKey).json().get("operatorId").asString()).isEqualTo(fabriqueOperator.id());
        Http.Answer renamed = http.patch(path, nationalKey, "{\"name\":\"Lieu renommé\",\"operatorId\":\""
                + fabriqueOperator.id() + "\"}", Map.of("If-Match", String.valueOf(version)));
        assertThat(renamed.status()).as("the Fabrique's operator stays: " + renamed.body()).isEqualTo(200);
        Http.Answer outside = http.patch("/api/v1/third-places/" + outsider, nationalKey,
                "{\"operatorId\":\"" + other.id() + "\"}", Map.of("If-Match", "1"));
        assertThat(outside.status()).as("a place in no network: " + outside.body()).isEqualTo(200);
        assertThat(http.delete("/api/v1/fabriques/" + fabrique + "/members/" + member, nationalKey).status()).isEqualTo(204);
        long left = http.get(path, nationalKey).json().get("version").asLong();
        Http.Answer afterLeaving = http.patch(path, nationalKey, "{\"operatorId\":\"" + other.id() + "\"}",
                Map.of("If-Match", String.valueOf(left)));
        assertThat(afterLeaving.status()).as(afterLeaving.body()).isEqualTo(200);
        assertThat(afterLeaving.json().get("operatorId").asString()).isEqualTo(other.id());
    }

    @Test
    void aFabriqueIsNotHandedToAnOperatorWhileItsNetworkHoldsPlacesOtherOrganisationsOperate() {
        Org former = newOrganisation("FABRIQUE");
        Org next = newOrganisation("FABRIQUE");
        String fabrique = newPlace(former.id());
        String member = newPlace(former.id());
        String unoperated = newPlace(null);
        http.put("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey, LABEL);
        assertThat(http.put("/api/v1/fabriques/" + fabrique + "/members/" + member, former.key(), "").status())
                .isEqualTo(200);
        assertThat(http.put("/api/v1/fabriques/" + fabrique + "/members/" + unoperated, nationalKey, "").status())
                .isEqualTo(200);
        String path = "/api/v1/third-places/" + fabrique;
        long version = http.get(path, nationalKey).json().get("version").asLong();

        Http.Answer handedOver = http.patch(path, nationalKey, "{\"operatorId\":\"" + next.id() + "\"}",
                Map.of("If-Match", String.valueOf(version)));

        assertProblem(handedOver, 409);
        assertThat(handedOver.json().get("detail").asString())
                .contains("holds 1 tiers-lieu(x) operated by other organisations than " + next.id())
                .contains("?fabrique=" + fabrique);
        assertThat(http.get(path, nationalKey).json().get("operatorId").asString()).isEqualTo(former.id());

        // nor in two steps: nobody's first, which lets nobody publish for the members, then the other's
        Http.Answer cleared = http.patch(path, nationalKey, "{\"clear\":[\"operatorId\"]}",
                Map.of("If-Match", String.valueOf(version)));
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        long clearedVersion = cleared.json().get("version").asLong();
        assertProblem(http.patch(path, nationalKey, "{\"operatorId\":\"" + next.id() + "\"}",
                Map.of("If-Match", String.valueOf(clearedVersion))), 409);
        assertThat(http.get(path, nationalKey).json().path("operatorId").isMissingNode()
                || http.get(path, nationalKey).json().get("operatorId").isNull()).as("still nobody's").isTrue();

        assertThat(http.delete("/api/v1/fabriques/" + fabrique + "/members/" + member, nationalKey).status()).isEqualTo(204);
        Http.Answer afterLeaving = http.patch(path, nationalKey, "{\"operatorId\":\"" + next.id() + "\"}",
                Map.of("If-Match", String.valueOf(clearedVersion)));
        assertThat(afterLeaving.status()).as("a place nobody operates stays: " + afterLeaving.body()).isEqualTo(200);
        assertThat(afterLeaving.json().get("operatorId").asString()).isEqualTo(next.id());
    }

    @Test
    void aFabriqueHandedOverWhilePlacesJoinNeverLeavesItsNewOperatorPublishingForAnotherOrganisationsPlace()
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            for (int round = 0; round < 12; round++) {
                Handover given = labelledFabriqueToHandOver();
                Org former = given.former();
                Org next = given.next();
                String fabrique = given.fabrique();
                List<String> places = List.of(newPlace(former.id()), newPlace(former.id()), newPlace(former.id()),
                        newPlace(former.id()));
                List<Future<Http.Answer>> joins = new ArrayList<>();
                CountDownLatch start = new CountDownLatch(1);
                for (String place : places) {
                    joins.add(pool.submit(() -> {
                        start.await();
                        return http.put("/api/v1/fabriques/" + fabrique + "/members/" + place, former.key(), "");
                    }));
                }
                Future<Http.Answer> handover = handOver(pool, start, given, ",\"surfaceM2\":321");
                start.countDown();

                assertThat(handover.get().status()).as(handover.get().body()).isIn(200, 409);
                var after = http.get("/api/v1/third-places/" + fabrique, nationalKey).json();
                boolean handedOver = handover.get().status() == 200;
                assertThat(after.get("operatorId").asString()).as("round " + round)
                        .isEqualTo(handedOver ? next.id() : former.id());
                assertThat(after.path("surfaceM2").isNumber()).as("a refused handover leaves nothing of its request, "
                        + "round " + round).isEqualTo(handedOver);
                for (int i = 0; i < places.size(); i++) {
                    Http.Answer join = joins.get(i).get();
                    // 403: the join read the Fabrique once handed over, no longer its caller's
                    assertThat(join.status()).as(join.body()).isIn(200, 403, 409);
                    String network = http.get("/api/v1/third-places/" + places.get(i), nationalKey).json()
                            .path("networkFabriqueId").asString(null);
                    if (handedOver) {
                        assertThat(network).as("a place of " + former.id() + " in the network " + next.id()
                                + " now operates, round " + round).isNull();
                    }
                    assertThat(network).as("round " + round + ", " + join.body())
                            .isEqualTo(join.status() == 200 ? fabrique : null);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFabriqueHandedOverWhileItsMembersAreGivenItsFormerOperatorNeverLeavesItsNewOperatorPublishingForThem()
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            for (int round = 0; round < 12; round++) {
                Handover given = labelledFabriqueToHandOver();
                Org former = given.former();
                Org next = given.next();
                String fabrique = given.fabrique();
                List<String> members = List.of(newPlace(null), newPlace(null), newPlace(null), newPlace(null));
                List<Long> memberVersions = new ArrayList<>();
                for (String member : members) {
                    Http.Answer joined = http.put("/api/v1/fabriques/" + fabrique + "/members/" + member, nationalKey, "");
                    memberVersions.add(joined.json().get("version").asLong());
                }
                List<Future<Http.Answer>> givings = new ArrayList<>();
                CountDownLatch start = new CountDownLatch(1);
                for (int i = 0; i < members.size(); i++) {
                    String member = members.get(i);
                    long memberVersion = memberVersions.get(i);
                    givings.add(pool.submit(() -> {
                        start.await();
                        return http.patch("/api/v1/third-places/" + member, nationalKey,
                                "{\"operatorId\":\"" + former.id() + "\",\"surfaceM2\":123}",
                                Map.of("If-Match", String.valueOf(memberVersion)));
                    }));
                }
                Future<Http.Answer> handover = handOver(pool, start, given, "");
                start.countDown();

                assertThat(handover.get().status()).as(handover.get().body()).isIn(200, 409);
                boolean handedOver = handover.get().status() == 200;
                assertThat(http.get("/api/v1/third-places/" + fabrique, nationalKey).json().get("operatorId").asString())
                        .as("round " + round).isEqualTo(handedOver ? next.id() : former.id());
                for (int i = 0; i < members.size(); i++) {
                    Http.Answer giving = givings.get(i).get();
                    assertThat(giving.status()).as(giving.body()).isIn(200, 409);
                    var member = http.get("/api/v1/third-places/" + members.get(i), nationalKey).json();
                    String operator = member.path("operatorId").asString(null);
                    if (handedOver) {
                        assertThat(operator).as("a member of " + next.id() + "'s Fabrique operated by " + former.id()
                                + ", round " + round).isNull();
                    }
                    assertThat(operator).as("round " + round + ", " + giving.body())
                            .isEqualTo(giving.status() == 200 ? former.id() : null);
                    assertThat(member.path("surfaceM2").isNumber()).as("a refused change leaves nothing, round " + round)
                            .isEqualTo(giving.status() == 200);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A labelled Fabrique its former operator runs, at {@code version}, and the organisation it is to go to. */
    private record Handover(Org former, Org next, String fabrique, long version) {
    }

    private Handover labelledFabriqueToHandOver() {
        Org former = newOrganisation("FABRIQUE");
        Org next = newOrganisation("FABRIQUE");
        String fabrique = newPlace(former.id());
        http.put("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey, LABEL);
        long version = http.get("/api/v1/third-places/" + fabrique, nationalKey).json().get("version").asLong();
        return new Handover(former, next, fabrique, version);
    }

    /** The national structure's PATCH giving the Fabrique to its next operator ({@code moreFields}: more of the body), once started. */
    private Future<Http.Answer> handOver(ExecutorService pool, CountDownLatch start, Handover given, String moreFields) {
        return pool.submit(() -> {
            start.await();
            return http.patch("/api/v1/third-places/" + given.fabrique(), nationalKey,
                    "{\"operatorId\":\"" + given.next().id() + "\"" + moreFields + "}",
                    Map.of("If-Match", String.valueOf(given.version())));
        });
    }

    @Test
    void theMembersOfSomethingThatIsNoLabelledFabriqueAreNotAnEmptyList() {
        String labelled = newPlace(null);
        http.put("/api/v1/third-places/" + labelled + "/fabrique-label", nationalKey, LABEL);
        String withdrawn = newPlace(null);
        http.put("/api/v1/third-places/" + withdrawn + "/fabrique-label", nationalKey, LABEL);
        assertThat(http.delete("/api/v1/third-places/" + withdrawn + "/fabrique-label", nationalKey).status()).isEqualTo(204);

        assertThat(http.get("/api/v1/third-places?fabrique=" + labelled, nationalKey).status()).isEqualTo(200);
        assertInvalidField(http.get("/api/v1/third-places?fabrique=tl-" + UUID.randomUUID(), nationalKey), "fabrique");
        assertInvalidField(http.get("/api/v1/third-places?fabrique=" + newPlace(null), nationalKey), "fabrique");
        // its label withdrawn, it may still have members to remove: they are listed
        assertThat(http.get("/api/v1/third-places?fabrique=" + withdrawn, nationalKey).status()).isEqualTo(200);
    }

    @Test
    void placesAreListedWithOrWithoutALabelInForce() {
        Org operator = newOrganisation("FABRIQUE");
        String project = http.post("/api/v1/third-places", operator.key(),
                "{\"name\":\"Projet labellisé\",\"communeCode\":\"44109\",\"status\":\"PROJECT\"}").json()
                .get("id").asString();
        String active = newPlace(operator.id());
        String withdrawn = newPlace(operator.id());
        String never = newPlace(operator.id());
        for (String place : List.of(project, active, withdrawn)) {
            http.put("/api/v1/third-places/" + place + "/fabrique-label", nationalKey, LABEL);
        }
        http.delete("/api/v1/third-places/" + withdrawn + "/fabrique-label", nationalKey);

        assertThat(ids("/api/v1/third-places?operator=" + operator.id() + "&labelled=true"))
                .containsExactlyInAnyOrder(project, active);
        assertThat(ids("/api/v1/third-places?operator=" + operator.id() + "&labelled=false"))
                .containsExactlyInAnyOrder(withdrawn, never);
        assertInvalidField(http.get("/api/v1/third-places?labelled=yes", nationalKey), "labelled");
        assertInvalidField(http.get("/api/v1/third-places?labelled=1", nationalKey), "labelled");
        assertThat(http.get("/v3/api-docs", nationalKey).json().at("/paths/~1api~1v1~1third-places/get/parameters")
                .toString()).contains("\"labelled\"");
    }

    @Test
    void unknownFabriquesAndMembersAre404() {
        String fabrique = newPlace(null);
        http.put("/api/v1/third-places/" + fabrique + "/fabrique-label", nationalKey, LABEL);
        String unknown = "tl-" + UUID.randomUUID();

        assertProblem(http.put("/api/v1/fabriques/" + unknown + "/members/" + fabrique, nationalKey, ""), 404);
        assertProblem(http.put("/api/v1/fabriques/" + fabrique + "/members/" + unknown, nationalKey, ""), 404);
        assertProblem(http.delete("/api/v1/fabriques/" + fabrique + "/members/" + unknown, nationalKey), 404);
        assertProblem(http.delete("/api/v1/third-places/" + unknown + "/fabrique-label", nationalKey), 404);
    }

    private List<String> ids(String path) {
        List<String> ids = new ArrayList<>();
        http.get(path + "&size=200", nationalKey).json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }
}
