package fr.maillage.registry;

import fr.maillage.events.EventJson;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.events.registry.ThirdPlaceClosed;
import fr.maillage.events.registry.ThirdPlaceOpened;
import fr.maillage.events.registry.ThirdPlaceUpdated;
import fr.maillage.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class ThirdPlaceApiTest extends RegistryIntegrationTest {

    @Test
    void aProjectOpensClosesAndReopensEachTimeWithItsEvent() {
        Org operator = newOrganisation("THIRD_PLACE");
        Http.Answer created = http.post("/api/v1/third-places", operator.key(),
                "{\"name\":\"Projet de la Gare\",\"communeCode\":\"35238\",\"status\":\"PROJECT\"}");
        String id = created.json().get("id").asString();
        assertThat(created.json().get("status").asString()).isEqualTo("PROJECT");

        Http.Answer opened = http.post("/api/v1/third-places/" + id + "/opening", operator.key(), "");
        assertThat(opened.status()).as(opened.body()).isEqualTo(200);
        assertThat(opened.json().get("status").asString()).isEqualTo("OPEN");
        assertThat(opened.json().get("openedOn").asString()).isEqualTo(LocalDate.now(ZoneId.of("Europe/Paris")).toString());
        assertThat(opened.header("ETag")).isEqualTo("\"2\"");
        Http.Answer again = http.post("/api/v1/third-places/" + id + "/opening", operator.key(), "");
        assertThat(again.json().get("version").asLong()).as("opening again changes nothing").isEqualTo(2);

        Http.Answer closed = http.post("/api/v1/third-places/" + id + "/closure", operator.key(), "");
        assertThat(closed.json().get("status").asString()).isEqualTo("CLOSED");
        Http.Answer reopened = http.post("/api/v1/third-places/" + id + "/opening", nationalKey,
                "{\"openedOn\":\"2026-01-15\"}");
        assertThat(reopened.json().get("status").asString()).isEqualTo("OPEN");
        assertThat(reopened.json().get("openedOn").asString()).isEqualTo("2026-01-15");

        var events = readUntil(RegistryTopics.EVENTS, id, records -> records.size() >= 4);
        List<String> types = new ArrayList<>();
        events.forEach(record -> types.add(type(record)));
        assertThat(types).containsExactly("fr.maillage.registry.third-place.registered.v1",
                "fr.maillage.registry.third-place.opened.v1", "fr.maillage.registry.third-place.closed.v1",
                "fr.maillage.registry.third-place.opened.v1");
        assertThat(EventJson.read(events.get(2).value(), ThirdPlaceClosed.class).place().status()).isEqualTo("CLOSED");
        assertThat(EventJson.read(events.get(3).value(), ThirdPlaceOpened.class).version()).isEqualTo(4);
    }

    @Test
    void anOpenPlaceCannotBePatchedBackToProject() {
        String id = newPlace(null);

        assertInvalidField(http.patch("/api/v1/third-places/" + id, nationalKey, "{\"status\":\"PROJECT\"}",
                Map.of("If-Match", "1")), "status");
        assertThat(http.get("/api/v1/third-places/" + id, nationalKey).json().get("status").asString()).isEqualTo("OPEN");
    }

    @Test
    void aPatchDoesNotOpenNorClosePointingToTheEndpointsThatDo() {
        Org operator = newOrganisation("THIRD_PLACE");
        String id = http.post("/api/v1/third-places", operator.key(),
                "{\"name\":\"Projet du Port\",\"communeCode\":\"44109\",\"status\":\"PROJECT\"}").json()
                .get("id").asString();
        String path = "/api/v1/third-places/" + id;

        Http.Answer opening = http.patch(path, operator.key(), "{\"status\":\"OPEN\"}", Map.of("If-Match", "1"));
        assertInvalidField(opening, "status");
        assertThat(opening.json().get("detail").asString()).contains(path + "/opening").contains(path + "/closure");
        assertInvalidField(http.patch(path, nationalKey, "{\"status\":\"CLOSED\"}", Map.of("If-Match", "1")), "status");
        assertThat(http.get(path, nationalKey).json().get("version").asLong()).isEqualTo(1);

        Http.Answer renamed = http.patch(path, operator.key(), "{\"name\":\"Projet du Port\",\"status\":\"PROJECT\","
                + "\"surfaceM2\":80}", Map.of("If-Match", "1"));
        assertThat(renamed.status()).as("the status it has may be repeated: " + renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("status").asString()).isEqualTo("PROJECT");
        assertThat(renamed.json().path("openedOn").isNull()).isTrue();
    }

    @Test
    void openingWithAStaleVersionIs409AndAnotherOrganisationIs403() {
        Org operator = newOrganisation("THIRD_PLACE");
        Org stranger = newOrganisation("THIRD_PLACE");
        String id = newPlace(operator.id());

        assertProblem(http.post("/api/v1/third-places/" + id + "/closure", stranger.key(), ""), 403);
        assertProblem(http.send(http.builder("/api/v1/third-places/" + id + "/closure", operator.key())
                .header("If-Match", "\"7\"").POST(java.net.http.HttpRequest.BodyPublishers.noBody()), Map.of()), 409);
        assertInvalidField(http.post("/api/v1/third-places/" + id + "/opening", operator.key(),
                "{\"openedOn\":\"2999-01-01\"}"), "openedOn");
        assertThat(http.get("/api/v1/third-places/" + id, nationalKey).json().get("version").asLong()).isEqualTo(1);
    }

    /** 22:30 in UTC on 30 June: already 00:30 on 1 July in France, where the register dates its places. */
    private static final Instant JUNE_30_LATE_IN_UTC = Instant.parse("2026-06-30T22:30:00Z");

    @Autowired
    SettableClock clock;

    @Test
    void theOpeningDateMayBeTodayInFranceWhileItIsStillYesterdayInUtc() {
        String july1st = newProject();
        String july2nd = newProject();

        clock.at(JUNE_30_LATE_IN_UTC, () -> {
            Http.Answer opened = http.post("/api/v1/third-places/" + july1st + "/opening", nationalKey,
                    "{\"openedOn\":\"2026-07-01\"}");
            assertThat(opened.status()).as(opened.body()).isEqualTo(200);
            assertThat(opened.json().get("openedOn").asString()).isEqualTo("2026-07-01");

            assertInvalidField(http.post("/api/v1/third-places/" + july2nd + "/opening", nationalKey,
                    "{\"openedOn\":\"2026-07-02\"}"), "openedOn");
        });
        assertThat(http.get("/api/v1/third-places/" + july2nd, nationalKey).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void anOpenOrClosedPlaceHasNoOpeningDateAfterTodayInFranceWhileAProjectKeepsItsPlannedOne() {
        String open = newPlace(null);
        String closed = newPlace(null);
        assertThat(http.post("/api/v1/third-places/" + closed + "/closure", nationalKey, "").status()).isEqualTo(200);
        String project = newProject();
        String plannedProject = newProject();
        assertThat(http.patch("/api/v1/third-places/" + plannedProject, nationalKey, "{\"openedOn\":\"2026-09-01\"}",
                Map.of("If-Match", "1")).status()).isEqualTo(200);

        clock.at(JUNE_30_LATE_IN_UTC, () -> {
            for (String status : new String[]{"\"status\":\"OPEN\",", "\"status\":\"CLOSED\",", ""}) {
                String id = "tl-" + UUID.randomUUID();
                assertInvalidField(http.post("/api/v1/third-places", nationalKey, "{\"id\":\"" + id + "\","
                        + status + "\"name\":\"Pas encore\",\"communeCode\":\"44109\",\"openedOn\":\"2026-07-02\"}"),
                        "openedOn");
                assertProblem(http.get("/api/v1/third-places/" + id, nationalKey), 404);
            }
            Http.Answer openToday = http.post("/api/v1/third-places", nationalKey,
                    "{\"name\":\"Ouvert ce jour\",\"communeCode\":\"44109\",\"openedOn\":\"2026-07-01\"}");
            assertThat(openToday.status()).as(openToday.body()).isEqualTo(201);
            Http.Answer planned = http.post("/api/v1/third-places", nationalKey, "{\"name\":\"En projet\","
                    + "\"communeCode\":\"44109\",\"status\":\"PROJECT\",\"openedOn\":\"2027-03-01\"}");
            assertThat(planned.status()).as(planned.body()).isEqualTo(201);

            assertInvalidField(http.patch("/api/v1/third-places/" + open, nationalKey, "{\"openedOn\":\"2026-07-02\"}",
                    Map.of("If-Match", "1")), "openedOn");
            assertInvalidField(http.patch("/api/v1/third-places/" + closed, nationalKey, "{\"openedOn\":\"2026-07-02\"}",
                    Map.of("If-Match", "2")), "openedOn");
            Http.Answer replanned = http.patch("/api/v1/third-places/" + project, nationalKey,
                    "{\"openedOn\":\"2027-03-01\"}", Map.of("If-Match", "1"));
            assertThat(replanned.status()).as(replanned.body()).isEqualTo(200);

            Http.Answer openedEarly = http.post("/api/v1/third-places/" + plannedProject + "/opening", nationalKey, "");
            assertThat(openedEarly.status()).as(openedEarly.body()).isEqualTo(200);
            assertThat(openedEarly.json().get("openedOn").asString())
                    .as("a project opening before its planned date opens today").isEqualTo("2026-07-01");
        });
        assertThat(http.get("/api/v1/third-places/" + open, nationalKey).json().get("version").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/third-places/" + closed, nationalKey).json().get("version").asLong()).isEqualTo(2);
    }

    @Test
    void aProjectClosedBeforeItsPlannedOpeningKeepsNoOpeningDateToCome() {
        String planned = newProject();
        String late = newProject();
        assertThat(http.patch("/api/v1/third-places/" + planned, nationalKey, "{\"openedOn\":\"2026-07-02\"}",
                Map.of("If-Match", "1")).status()).isEqualTo(200);
        assertThat(http.patch("/api/v1/third-places/" + late, nationalKey, "{\"openedOn\":\"2026-07-01\"}",
                Map.of("If-Match", "1")).status()).isEqualTo(200);

        clock.at(JUNE_30_LATE_IN_UTC, () -> {
            Http.Answer closed = http.post("/api/v1/third-places/" + planned + "/closure", nationalKey, "");
            assertThat(closed.status()).as(closed.body()).isEqualTo(200);
            assertThat(closed.json().get("status").asString()).isEqualTo("CLOSED");
            assertThat(closed.json().path("openedOn").isNull()).as(closed.body()).isTrue();

            Http.Answer closedToday = http.post("/api/v1/third-places/" + late + "/closure", nationalKey, "");
            assertThat(closedToday.json().get("openedOn").asString())
                    .as("a planned day that has come (today in France) is kept").isEqualTo("2026-07-01");
        });
    }

    @Test
    void halfACoordinateIsRefusedNamingTheOtherHalf() {
        String id = "tl-" + UUID.randomUUID();
        assertInvalidField(http.post("/api/v1/third-places", nationalKey, "{\"id\":\"" + id + "\",\"name\":\"Demi\","
                + "\"communeCode\":\"44109\",\"latitude\":47.2}"), "longitude");
        assertInvalidField(http.post("/api/v1/third-places", nationalKey, "{\"id\":\"" + id + "\",\"name\":\"Demi\","
                + "\"communeCode\":\"44109\",\"longitude\":-1.55}"), "latitude");
        assertProblem(http.get("/api/v1/third-places/" + id, nationalKey), 404);

        String unplaced = newPlace(null);
        assertInvalidField(http.patch("/api/v1/third-places/" + unplaced, nationalKey, "{\"latitude\":47.2}",
                Map.of("If-Match", "1")), "longitude");
        assertInvalidField(http.patch("/api/v1/third-places/" + unplaced, nationalKey, "{\"longitude\":-1.55}",
                Map.of("If-Match", "1")), "latitude");
        Http.Answer unchanged = http.get("/api/v1/third-places/" + unplaced, nationalKey);
        assertThat(unchanged.json().get("version").asLong()).isEqualTo(1);
        assertThat(unchanged.json().path("latitude").isNull()).isTrue();
        assertThat(unchanged.json().path("longitude").isNull()).isTrue();

        assertThat(http.patch("/api/v1/third-places/" + unplaced, nationalKey, "{\"latitude\":47.2,\"longitude\":-1.55}",
                Map.of("If-Match", "1")).status()).isEqualTo(200);
        Http.Answer moved = http.patch("/api/v1/third-places/" + unplaced, nationalKey, "{\"latitude\":47.25}",
                Map.of("If-Match", "2"));
        assertThat(moved.status()).as("a place with coordinates moves along one axis: " + moved.body()).isEqualTo(200);
        assertThat(moved.json().get("latitude").asDouble()).isEqualTo(47.25);
        assertThat(moved.json().get("longitude").asDouble()).isEqualTo(-1.55);
    }

    @Test
    void aPatchClearsTheOptionalFieldsItNamesAndOnlyTheNationalStructureTakesAPlaceFromItsOperator() {
        Org operator = newOrganisation("THIRD_PLACE");
        String id = newPlace(operator.id());
        String path = "/api/v1/third-places/" + id;
        assertThat(http.patch(path, nationalKey, "{\"qpvCode\":\"QN04404M\",\"surfaceM2\":120}", Map.of("If-Match", "1"))
                .status()).isEqualTo(200);

        assertProblem(http.patch(path, operator.key(), "{\"clear\":[\"operatorId\"]}", Map.of("If-Match", "2")), 403);
        assertInvalidField(http.patch(path, nationalKey, "{\"clear\":[\"name\"]}", Map.of("If-Match", "2")), "clear[]");
        assertInvalidField(http.patch(path, nationalKey, "{\"qpvCode\":\"QN04404M\",\"clear\":[\"qpvCode\"]}",
                Map.of("If-Match", "2")), "clear");

        Http.Answer cleared = http.patch(path, operator.key(), "{\"clear\":[\"qpvCode\"]}", Map.of("If-Match", "2"));
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(cleared.json().path("qpvCode").asString(null)).isNull();
        assertThat(cleared.json().get("surfaceM2").asInt()).as("not named: kept").isEqualTo(120);
        Http.Answer released = http.patch(path, nationalKey, "{\"clear\":[\"operatorId\"]}", Map.of("If-Match", "3"));
        assertThat(released.status()).as(released.body()).isEqualTo(200);
        assertThat(released.json().path("operatorId").asString(null)).isNull();
        assertProblem(http.patch(path, operator.key(), "{\"name\":\"Plus le sien\"}", Map.of("If-Match", "4")), 403);
        var events = readUntil(RegistryTopics.EVENTS, id, records -> records.size() >= 4);
        assertThat(EventJson.read(events.get(events.size() - 1).value(), ThirdPlaceUpdated.class).place().operatorId())
                .as("the tiers-lieu's state, as the other services see it, has no operator").isNull();
    }

    @Test
    void aChangeOfServicesAloneIsPublishedNamingThem() {
        String id = newPlace(null);

        Http.Answer patched = http.patch("/api/v1/third-places/" + id, nationalKey,
                "{\"services\":[\"Wi-Fi\",\"Café\"]}", Map.of("If-Match", "1"));

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        var events = readUntil(RegistryTopics.EVENTS, id, records -> records.size() >= 2);
        ThirdPlaceUpdated updated = EventJson.read(events.get(1).value(), ThirdPlaceUpdated.class);
        assertThat(updated.changedFields()).containsExactly("services");
        assertThat(updated.place().services()).containsExactly("Wi-Fi", "Café");
    }

    @Test
    void theRetryOfAPatchWhoseAnswerWasLostGetsTheSameAnswerNot409() {
        String id = newPlace(null);
        Http.Answer first = http.patch("/api/v1/third-places/" + id, nationalKey, "{\"name\":\"Le Moulin\"}",
                Map.of("If-Match", "\"1\""));
        Http.Answer retried = http.patch("/api/v1/third-places/" + id, nationalKey, "{\"name\":\"Le Moulin\"}",
                Map.of("If-Match", "\"1\""));

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("version").asLong()).isEqualTo(2);
        assertProblem(http.patch("/api/v1/third-places/" + id, nationalKey, "{\"name\":\"Autre nom\"}",
                Map.of("If-Match", "\"1\"")), 409);
        assertThat(http.get("/api/v1/third-places/" + id, nationalKey).json().get("name").asString()).isEqualTo("Le Moulin");
    }

    @Test
    void ifMatchStarIsAnyVersionWhereIfMatchIsOptionalAndNotEnoughForAPatch() {
        String id = newPlace(null);

        Http.Answer closed = http.send(http.builder("/api/v1/third-places/" + id + "/closure", nationalKey)
                .header("If-Match", "*").POST(java.net.http.HttpRequest.BodyPublishers.noBody()), Map.of());
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(closed.json().get("status").asString()).isEqualTo("CLOSED");
        assertProblem(http.patch("/api/v1/third-places/" + id, nationalKey, "{\"name\":\"Autre nom\"}",
                Map.of("If-Match", "*")), 428);
        assertThat(http.get("/api/v1/third-places/" + id, nationalKey).json().get("name").asString()).isNotEqualTo("Autre nom");
    }

    @Test
    void twoUpdatesWithTheSameVersionInParallel_exactlyOneWins() throws Exception {
        String id = newPlace(null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<CompletableFuture<Http.Answer>> answers = new ArrayList<>();
            for (String name : List.of("Nom A", "Nom B")) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return http.patch("/api/v1/third-places/" + id, nationalKey, "{\"name\":\"" + name + "\"}",
                            Map.of("If-Match", "\"1\""));
                }, pool));
            }
            start.countDown();
            List<Integer> statuses = answers.stream().map(CompletableFuture::join).map(Http.Answer::status).sorted().toList();

            assertThat(statuses).containsExactly(200, 409);
            Http.Answer winner = answers.stream().map(CompletableFuture::join).filter(a -> a.status() == 200)
                    .findFirst().orElseThrow();
            Http.Answer now = http.get("/api/v1/third-places/" + id, nationalKey);
            assertThat(now.json().get("version").asLong()).isEqualTo(2);
            assertThat(now.json().get("name").asString()).isEqualTo(winner.json().get("name").asString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSamePatchSentTwiceAtOnceIsInEffectForBoth() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String id = newPlace(null);
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<Http.Answer>> answers = new ArrayList<>();
                for (int copy = 0; copy < 2; copy++) {
                    answers.add(CompletableFuture.supplyAsync(() -> {
                        await(start);
                        return http.patch("/api/v1/third-places/" + id, nationalKey, "{\"name\":\"Nom retenu\"}",
                                Map.of("If-Match", "\"1\""));
                    }, pool));
                }
                start.countDown();
                for (CompletableFuture<Http.Answer> answer : answers) {
                    assertThat(answer.join().status()).as("round %s: %s", round, answer.join().body()).isEqualTo(200);
                    assertThat(answer.join().header("ETag")).isEqualTo("\"2\"");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPatchOverAVersionThatMovedOnIs409EvenWhenItWouldNoLongerPassItsChecks() {
        String id = newPlace(null);
        String path = "/api/v1/third-places/" + id;
        assertThat(http.patch(path, nationalKey, "{\"latitude\":47.2,\"longitude\":-1.55}", Map.of("If-Match", "1"))
                .status()).isEqualTo(200);
        assertThat(http.patch(path, nationalKey, "{\"clear\":[\"coordinates\"]}", Map.of("If-Match", "2")).status())
                .isEqualTo(200);

        // read at version 2, with both coordinates: moving it north alone was a valid change then
        Http.Answer stale = http.patch(path, nationalKey, "{\"latitude\":45.1}", Map.of("If-Match", "2"));
        assertProblem(stale, 409);
        assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(3);
    }

    @Test
    void anOperatorMaySendBackItsOwnOperatorIdButNotAnother() {
        Org operator = newOrganisation("THIRD_PLACE");
        Org other = newOrganisation("THIRD_PLACE");
        String id = newPlace(operator.id());
        String path = "/api/v1/third-places/" + id;

        Http.Answer whole = http.patch(path, operator.key(), "{\"operatorId\":\"" + operator.id()
                + "\",\"name\":\"Nouveau nom\"}", Map.of("If-Match", "1"));
        assertThat(whole.status()).as(whole.body()).isEqualTo(200);
        assertThat(whole.json().get("name").asString()).isEqualTo("Nouveau nom");
        assertProblem(http.patch(path, operator.key(), "{\"operatorId\":\"" + other.id() + "\"}",
                Map.of("If-Match", "2")), 403);
        assertProblem(http.patch(path, operator.key(), "{\"clear\":[\"operatorId\"]}", Map.of("If-Match", "2")), 403);
        assertThat(http.get(path, nationalKey).json().get("operatorId").asString()).isEqualTo(operator.id());
    }

    @Test
    void aPatchByAnotherThanTheOperatorDoesNotTellWhetherAnOperatorIdExists() {
        Org operator = newOrganisation("THIRD_PLACE");
        Org stranger = newOrganisation("THIRD_PLACE");
        Org known = newOrganisation("THIRD_PLACE");
        String path = "/api/v1/third-places/" + newPlace(operator.id());

        Http.Answer withKnown = http.patch(path, stranger.key(), "{\"operatorId\":\"" + known.id() + "\"}",
                Map.of("If-Match", "1"));
        Http.Answer withUnknown = http.patch(path, stranger.key(), "{\"operatorId\":\"no-such-organisation\"}",
                Map.of("If-Match", "1"));
        assertProblem(withKnown, 403);
        assertProblem(withUnknown, 403);
        assertThat(withUnknown.json().get("detail").asString()).isEqualTo(withKnown.json().get("detail").asString());
        assertThat(withUnknown.body()).doesNotContain("no-such-organisation");
        // the operator itself may not hand it over either, so it learns nothing more
        assertProblem(http.patch(path, operator.key(), "{\"operatorId\":\"no-such-organisation\"}",
                Map.of("If-Match", "1")), 403);
        // the national structure is told the id is unknown
        Http.Answer national = http.patch(path, nationalKey, "{\"operatorId\":\"no-such-organisation\"}",
                Map.of("If-Match", "1"));
        assertProblem(national, 400);
        assertThat(national.body()).contains("operatorId", "no-such-organisation");
    }

    @Test
    void searchFiltersCombineAndPagesCoverEveryMatchOnce() {
        Org operator = newOrganisation("THIRD_PLACE");
        Set<String> nantesCoworkings = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            nantesCoworkings.add(newPlace(operator.id(), "44109", "COWORKING"));
        }
        String fablab = newPlace(operator.id(), "44109", "FABLAB");
        String ajaccio = newPlace(operator.id(), "2A004", "COWORKING");
        String closed = newPlace(operator.id(), "44109", "COWORKING");
        http.post("/api/v1/third-places/" + closed + "/closure", nationalKey, "");

        Set<String> seen = new HashSet<>();
        for (int page = 0; page < 3; page++) {
            Http.Answer answer = http.get("/api/v1/third-places?operator=" + operator.id()
                    + "&region=52&departement=44&typology=COWORKING&status=OPEN&size=2&page=" + page, nationalKey);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().get("total").asLong()).isEqualTo(5);
            assertThat(answer.json().get("page").asInt()).isEqualTo(page);
            assertThat(answer.json().get("size").asInt()).isEqualTo(2);
            answer.json().get("items").forEach(item -> assertThat(seen.add(item.get("id").asString())).isTrue());
        }
        assertThat(seen).isEqualTo(nantesCoworkings);
        assertThat(ids("operator=" + operator.id() + "&region=94")).containsExactly(ajaccio);
        assertThat(ids("operator=" + operator.id() + "&typology=FABLAB")).containsExactly(fablab);
        assertThat(ids("operator=" + operator.id() + "&status=CLOSED")).containsExactly(closed);
        assertThat(ids("operator=" + operator.id() + "&departement=2A")).containsExactly(ajaccio);
    }

    @Test
    void placesCreatedWhileAClientPagesComeAfterWhatItHasReadNeverAgainNorInItsPlace() {
        Org operator = newOrganisation("THIRD_PLACE");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(newPlace(operator.id()));
        }
        String list = "/api/v1/third-places?operator=" + operator.id() + "&size=3&page=";
        List<String> firstPage = pageIds(list + 0);
        for (int i = 0; i < 6; i++) {
            created.add(newPlace(operator.id()));
        }

        List<String> read = new ArrayList<>(firstPage);
        for (int page = 1; page < 4; page++) {
            read.addAll(pageIds(list + page));
        }
        // ids are random: sorted by id, six new places would almost surely shift a place of the first page onto
        // the next (read twice) and push another out of reach (never read)
        assertThat(read).as("every place once").containsExactlyInAnyOrderElementsOf(created);
        assertThat(read.subList(3, 6)).as("the rest of the places there were before the new ones")
                .containsExactlyInAnyOrderElementsOf(created.subList(3, 6));
    }

    private List<String> pageIds(String path) {
        Http.Answer answer = http.get(path, nationalKey);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        answer.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    @Test
    void badFiltersAreNamed() {
        assertInvalidField(http.get("/api/v1/third-places?region=5", nationalKey), "region");
        assertInvalidField(http.get("/api/v1/third-places?departement=100", nationalKey), "departement");
        assertInvalidField(http.get("/api/v1/third-places?departement=20", nationalKey), "departement");
        assertInvalidField(http.get("/api/v1/third-places?region=11&departement=44", nationalKey), "departement");
        assertInvalidField(http.get("/api/v1/third-places?region=82", nationalKey), "region");
        assertInvalidField(http.get("/api/v1/third-places?typology=CASTLE", nationalKey), "typology");
        assertInvalidField(http.get("/api/v1/third-places?status=open", nationalKey), "status");
        assertInvalidField(http.get("/api/v1/third-places?size=0", nationalKey), "size");
        assertInvalidField(http.get("/api/v1/third-places?page=-1", nationalKey), "page");
    }

    @Test
    void namesKeepTheirAccentsAndCharactersBeyondTheBasicPlane() {
        String name = "Le Jardin d'Éloïse \uD83C\uDF31 — tiers-lieu nourricier";
        Http.Answer created = http.post("/api/v1/third-places", nationalKey,
                "{\"name\":\"" + name + "\",\"communeCode\":\"44109\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("name").asString()).isEqualTo(name);
    }

    @Test
    void unknownPlacesAre404() {
        String unknown = "tl-" + UUID.randomUUID();
        assertProblem(http.get("/api/v1/third-places/" + unknown, nationalKey), 404);
        assertProblem(http.patch("/api/v1/third-places/" + unknown, nationalKey, "{\"name\":\"x\"}", Map.of("If-Match", "1")), 404);
        assertProblem(http.post("/api/v1/third-places/" + unknown + "/opening", nationalKey, ""), 404);
        assertProblem(http.post("/api/v1/third-places/" + unknown + "/closure", nationalKey, ""), 404);
    }

    /** A new tiers-lieu in project, in Nantes; returns its id. */
    private String newProject() {
        Http.Answer created = http.post("/api/v1/third-places", nationalKey,
                "{\"name\":\"Projet\",\"communeCode\":\"44109\",\"status\":\"PROJECT\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private List<String> ids(String query) {
        Http.Answer answer = http.get("/api/v1/third-places?" + query, nationalKey);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        answer.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
