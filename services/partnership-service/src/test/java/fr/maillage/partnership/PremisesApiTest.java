package fr.maillage.partnership;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.partnership.RegistryFixture.Org;
import fr.maillage.partnership.domain.CommuneRef;
import fr.maillage.partnership.domain.Offer;
import fr.maillage.partnership.domain.Outcome;
import fr.maillage.partnership.domain.Premises;
import fr.maillage.partnership.domain.PremisesKind;
import fr.maillage.partnership.domain.Terms;
import fr.maillage.security.Caller;
import fr.maillage.security.IdempotencyKeys;
import fr.maillage.security.Role;
import fr.maillage.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static fr.maillage.partnership.RegistryFixture.APPLICANTS;
import static fr.maillage.partnership.RegistryFixture.LOIRE_ATLANTIQUE;
import static fr.maillage.partnership.RegistryFixture.NANTES;
import static fr.maillage.partnership.RegistryFixture.NANTES_METROPOLE;
import static fr.maillage.partnership.RegistryFixture.THIRD_PLACE;
import static org.assertj.core.api.Assertions.assertThat;

class PremisesApiTest extends PartnershipIntegrationTest {

    @Autowired
    AggregateStore<Premises> store;

    static final String SHOP = "\"address\":\"2 place du Commerce\",\"surfaceM2\":180,\"kind\":\"FORMER_SHOP\","
            + "\"terms\":\"MODERATE_RENT\",\"monthlyRentEur\":450,\"availableFrom\":\"2027-01-01\","
            + "\"availableUntil\":\"2099-12-31\",\"description\":\"Ancienne boulangerie\\nRez-de-chaussée\"";

    @Test
    void anAuthorityOffersPremisesThatAnyoneCanSeeAndTheOfferIsPublished() {
        Http.Answer answer = http.post("/api/v1/premises", NANTES.key(), "{\"communeCode\":\"44109\"," + SHOP + "}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode body = answer.json();
        String id = body.get("id").asString();
        assertThat(body.get("status").asString()).isEqualTo("OFFERED");
        assertThat(body.get("offerEnded").asBoolean()).isFalse();
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(body.get("offeredBy").asString()).isEqualTo(NANTES.id());
        assertThat(body.at("/commune/name").asString()).isEqualTo("Nantes");
        assertThat(body.at("/commune/departement").asString()).isEqualTo("44");
        assertThat(body.at("/commune/region").asString()).isEqualTo("52");
        assertThat(body.get("availableFrom").asString()).isEqualTo("2027-01-01");
        assertThat(body.get("description").asString()).contains("\n");
        assertThat(answer.header("ETag")).isEqualTo("\"1\"");
        assertThat(answer.header("Location")).isEqualTo("/api/v1/premises/" + id);

        Http.Answer publicView = http.get("/api/v1/premises/" + id, null);
        assertThat(publicView.status()).isEqualTo(200);
        assertThat(publicView.json().get("surfaceM2").asInt()).isEqualTo(180);

        List<Published> events = awaitEvents(id, 1);
        assertThat(events).singleElement().satisfies(published -> {
            assertThat(published.type()).isEqualTo(type("premises.offered"));
            assertThat(published.event().subject()).isEqualTo(id);
            assertThat(published.event().source()).isEqualTo("/maillage/partnership");
            assertThat(published.payload().get("version").asLong()).isEqualTo(1);
            assertThat(published.payload().at("/premises/status").asString()).isEqualTo("OFFERED");
            assertThat(published.payload().at("/premises/monthlyRentEur").asLong()).isEqualTo(450);
            assertThat(published.payload().at("/premises/communeName").asString()).isEqualTo("Nantes");
        });
    }

    @Test
    void aRetryOffersOnceAndTheSameIdWithOtherDetailsIsAConflict() {
        String key = UUID.randomUUID().toString();
        String body = "{\"communeCode\":\"44109\"," + SHOP + "}";
        Http.Answer first = http.post("/api/v1/premises", NANTES.key(), body, Map.of("Idempotency-Key", key));
        Http.Answer second = http.post("/api/v1/premises", NANTES.key(), body, Map.of("Idempotency-Key", key));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        String id = first.json().get("id").asString();
        assertThat(second.json().get("id").asString()).isEqualTo(id);
        assertThat(second.json().get("version").asLong()).isEqualTo(1);

        Http.Answer other = http.post("/api/v1/premises", NANTES.key(),
                "{\"communeCode\":\"44109\"," + SHOP.replace("180", "200") + "}", Map.of("Idempotency-Key", key));
        assertProblem(other, 409);
        assertThat(other.json().get("detail").asString()).as("the id the key stands for was never the client's")
                .contains("Idempotency-Key was already used for a different request").contains("new Idempotency-Key")
                .doesNotContain(id);
        String chosen = "chosen-" + UUID.randomUUID();
        assertThat(http.post("/api/v1/premises", NANTES.key(), "{\"id\":\"" + chosen + "\",\"communeCode\":\"44109\","
                + SHOP + "}").status()).isEqualTo(201);
        Http.Answer chosenAgain = http.post("/api/v1/premises", NANTES.key(), "{\"id\":\"" + chosen
                + "\",\"communeCode\":\"44109\"," + SHOP.replace("180", "200") + "}");
        assertProblem(chosenAgain, 409);
        assertThat(chosenAgain.json().get("detail").asString()).contains("id " + chosen).doesNotContain("Idempotency-Key");
        assertThat(http.get("/api/v1/premises/" + id, null).json().get("surfaceM2").asInt()).isEqualTo(180);
        assertThat(awaitEvents(id, 1)).hasSize(1);
    }

    @Test
    void noOtherAuthorityTakesTheIdAKeyStandsForAndAKeyGoesWithoutAChosenId() {
        String key = "offre-" + UUID.randomUUID();
        // a guessable key's id, as anyone can compute it
        String keysId = UUID.nameUUIDFromBytes((NANTES.id() + "|premises|" + key).getBytes(StandardCharsets.UTF_8)).toString();
        Http.Answer squat = http.post("/api/v1/premises", NANTES_METROPOLE.key(),
                "{\"id\":\"" + keysId + "\",\"communeCode\":\"44109\"," + SHOP + "}");
        assertProblem(squat, 400);
        assertInvalidFieldNamed(squat, "id");
        assertProblem(http.get("/api/v1/premises/" + keysId, null), 404);

        Http.Answer mine = http.post("/api/v1/premises", NANTES.key(), "{\"communeCode\":\"44109\"," + SHOP + "}",
                Map.of("Idempotency-Key", key));
        assertThat(mine.status()).as(mine.body()).isEqualTo(201);
        assertThat(mine.json().get("id").asString()).isEqualTo(keysId);

        String chosen = "chosen-" + UUID.randomUUID();
        Http.Answer both = http.post("/api/v1/premises", NANTES.key(), "{\"id\":\"" + chosen + "\",\"communeCode\":\"44109\","
                + SHOP + "}", Map.of("Idempotency-Key", key));
        assertProblem(both, 400);
        assertInvalidFieldNamed(both, "Idempotency-Key");
        assertProblem(http.get("/api/v1/premises/" + chosen, null), 404);
        Http.Answer application = http.post("/api/v1/premises/" + keysId + "/applications", APPLICANTS.get(6).key(),
                "{\"applicationId\":\"candidature-6\",\"project\":\"Un atelier\"}",
                Map.of("Idempotency-Key", "k-" + UUID.randomUUID()));
        assertProblem(application, 400);
        assertInvalidFieldNamed(application, "Idempotency-Key");
        assertThat(http.get("/api/v1/premises/" + keysId, null).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void offersBreakingTheRulesAreRefusedNamingTheFieldAndNothingIsStored() {
        assertInvalid("{\"id\":\"%s\",\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":50,\"kind\":\"OFFICE\","
                + "\"terms\":\"MARKET_RENT\",\"availableFrom\":\"2027-01-01\"}", "monthlyRentEur");
        assertInvalid("{\"id\":\"%s\",\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":50,\"kind\":\"OFFICE\","
                + "\"terms\":\"FREE\",\"monthlyRentEur\":300,\"availableFrom\":\"2027-01-01\"}", "monthlyRentEur");
        assertInvalid("{\"id\":\"%s\",\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":50,\"kind\":\"OFFICE\","
                + "\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\",\"availableUntil\":\"2027-01-01\"}", "availableUntil");
        assertInvalid("{\"id\":\"%s\",\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":50,\"kind\":\"OFFICE\","
                + "\"terms\":\"FREE\",\"availableFrom\":\"2027-02-01\",\"availableUntil\":\"2027-02-27\"}", "availableUntil");
        assertInvalid("{\"id\":\"%s\",\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":0,\"kind\":\"OFFICE\","
                + "\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}", "surfaceM2");
        assertInvalid("{\"id\":\"%s\",\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":1000001,\"kind\":\"OFFICE\","
                + "\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}", "surfaceM2");
        assertInvalid("{\"id\":\"%s\",\"communeCode\":\"99999\",\"address\":\"1 rue A\",\"surfaceM2\":50,\"kind\":\"OFFICE\","
                + "\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}", "communeCode");
        assertInvalid("{\"id\":\"%s\",\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":50,\"kind\":\"CASTLE\","
                + "\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}", "kind");
        assertInvalid("{\"id\":\"%s\",\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":50,\"kind\":\"OFFICE\","
                + "\"terms\":\"FREE\",\"availableFrom\":\"20270-01-01\"}", "availableFrom");
        assertInvalid("{\"id\":\"%s\",\"communeCode\":\"44109\",\"surfaceM2\":50,\"kind\":\"OFFICE\","
                + "\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}", "address");
    }

    @Test
    void theOfferingAuthorityReservesOneApplicationSignsAndTheOthersAreDeclined() {
        String id = offer(NANTES_METROPOLE, "44143");
        String first = apply(id, APPLICANTS.get(0), "Un fablab de quartier");
        String second = apply(id, APPLICANTS.get(1), "Un atelier partagé de réparation");
        String third = apply(id, APPLICANTS.get(2), "Une cuisine partagée");

        assertProblem(http.get("/api/v1/premises/" + id + "/applications/" + first, APPLICANTS.get(1).key()), 404);
        assertThat(http.get("/api/v1/premises/" + id + "/applications/" + first, NANTES_METROPOLE.key()).json()
                .get("project").asString()).isEqualTo("Un fablab de quartier");

        JsonNode applied = http.get("/api/v1/premises/" + id, null).json();
        assertThat(applied.get("status").asString()).isEqualTo("APPLIED");
        assertThat(applied.get("applications").asInt()).isEqualTo(3);
        assertThat(applied.get("version").asLong()).isEqualTo(4);

        Http.Answer reserved = http.post("/api/v1/premises/" + id + "/reservation", NANTES_METROPOLE.key(),
                "{\"applicationId\":\"" + second + "\"}");
        assertThat(reserved.status()).as(reserved.body()).isEqualTo(200);
        assertThat(reserved.json().get("status").asString()).isEqualTo("RESERVED");
        assertThat(reserved.json().get("reservedApplicationId").asString()).isEqualTo(second);
        assertThat(reserved.header("ETag")).as("reserved, then the two others declined: a version each")
                .isEqualTo("\"7\"");

        Http.Answer again = http.post("/api/v1/premises/" + id + "/reservation", NANTES_METROPOLE.key(),
                "{\"applicationId\":\"" + second + "\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("version").asLong()).as("a repeat changes nothing").isEqualTo(7);
        Http.Answer another = http.post("/api/v1/premises/" + id + "/reservation", NANTES_METROPOLE.key(),
                "{\"applicationId\":\"" + first + "\"}");
        assertProblem(another, 409);
        assertThat(another.json().get("currentStatus").asString()).isEqualTo("RESERVED");

        JsonNode page = http.get("/api/v1/premises/" + id + "/applications", NANTES_METROPOLE.key()).json();
        assertThat(page.get("total").asInt()).isEqualTo(3);
        List<JsonNode> applications = List.copyOf(page.get("items").values());
        assertThat(http.get("/api/v1/premises/" + id + "/applications?page=1&size=2", NANTES_METROPOLE.key()).json()
                .get("items").size()).as("the second page of two").isEqualTo(1);
        assertThat(applications).extracting(a -> a.get("id").asString() + "=" + a.get("status").asString())
                .containsExactlyInAnyOrder(first + "=DECLINED", second + "=RESERVED", third + "=DECLINED");

        assertProblem(http.post("/api/v1/premises/" + id + "/agreement", NANTES_METROPOLE.key(),
                "{\"applicationId\":\"" + first + "\",\"startsOn\":\"2027-02-01\",\"months\":36,\"monthlyRentEur\":400}"), 409);
        assertProblem(http.post("/api/v1/premises/" + id + "/agreement", NANTES_METROPOLE.key(),
                "{\"applicationId\":\"" + second + "\",\"startsOn\":\"2026-02-01\",\"months\":36,\"monthlyRentEur\":400}"), 400);
        // offered until 2099-12-31 at a moderate rent: 36 months from 2097-02-01 end after it, and no rent is not that
        assertInvalidField(http.post("/api/v1/premises/" + id + "/agreement", NANTES_METROPOLE.key(),
                "{\"applicationId\":\"" + second + "\",\"startsOn\":\"2097-02-01\",\"months\":36,\"monthlyRentEur\":400}"),
                "months");
        assertInvalidField(http.post("/api/v1/premises/" + id + "/agreement", NANTES_METROPOLE.key(),
                "{\"applicationId\":\"" + second + "\",\"startsOn\":\"2027-02-01\",\"months\":35,\"monthlyRentEur\":0}"),
                "monthlyRentEur");
        Http.Answer signed = http.post("/api/v1/premises/" + id + "/agreement", NANTES_METROPOLE.key(),
                "{\"applicationId\":\"" + second + "\",\"startsOn\":\"2027-02-01\",\"months\":35,\"monthlyRentEur\":400}");
        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        assertThat(signed.json().get("status").asString()).isEqualTo("AGREEMENT_SIGNED");
        assertThat(signed.json().at("/agreement/months").asInt()).isEqualTo(35);

        Http.Answer withdrawal = http.post("/api/v1/premises/" + id + "/withdrawal", NANTES_METROPOLE.key(), "");
        assertProblem(withdrawal, 409);
        assertThat(withdrawal.json().get("currentStatus").asString()).isEqualTo("AGREEMENT_SIGNED");
        Http.Answer late = http.post("/api/v1/premises/" + id + "/applications", APPLICANTS.get(3).key(),
                "{\"project\":\"Trop tard\"}");
        assertProblem(late, 409);
        assertThat(late.json().get("currentStatus").asString()).isEqualTo("AGREEMENT_SIGNED");

        List<Published> events = awaitEvents(id, 8);
        assertThat(events).extracting(Published::type).containsExactly(
                type("premises.offered"), type("premises.application-received"),
                type("premises.application-received"), type("premises.application-received"),
                type("premises.reserved"), type("premises.application-declined"),
                type("premises.application-declined"), type("premises.agreement-signed"));
        assertThat(events).extracting(p -> p.payload().get("version").asLong()).as("one version per event").containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(events.subList(5, 7)).extracting(p -> p.payload().get("applicationId").asString())
                .containsExactlyInAnyOrder(first, third);
        assertThat(events.get(7).payload().at("/premises/status").asString()).isEqualTo("AGREEMENT_SIGNED");
        assertThat(events.get(1).payload().toString()).as("no project text in events").doesNotContain("fablab");
    }

    @Test
    void theRetryOfAReservationAfterTheAgreementWasSignedAnswersAsDone() {
        String id = offer(NANTES, "44109");
        String chosen = apply(id, APPLICANTS.get(21), "Une ressourcerie");
        String other = apply(id, APPLICANTS.get(22), "Un atelier partagé");
        Http.Answer reserved = http.post("/api/v1/premises/" + id + "/reservation", NANTES.key(),
                "{\"applicationId\":\"" + chosen + "\"}", Map.of("If-Match", "\"3\""));
        assertThat(reserved.status()).as(reserved.body()).isEqualTo(200);
        Http.Answer signed = http.post("/api/v1/premises/" + id + "/agreement", NANTES.key(),
                "{\"applicationId\":\"" + chosen + "\",\"startsOn\":\"2027-02-01\",\"months\":12,\"monthlyRentEur\":400}");
        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        long version = signed.json().get("version").asLong();

        // the reservation's answer was lost; the client sends it again, with the If-Match it first had and without
        for (Map<String, String> headers : List.of(Map.of("If-Match", "\"3\""), Map.<String, String>of())) {
            Http.Answer retried = http.post("/api/v1/premises/" + id + "/reservation", NANTES.key(),
                    "{\"applicationId\":\"" + chosen + "\"}", headers);
            assertThat(retried.status()).as(headers + ": " + retried.body()).isEqualTo(200);
            assertThat(retried.json().get("status").asString()).isEqualTo("AGREEMENT_SIGNED");
            assertThat(retried.json().get("reservedApplicationId").asString()).isEqualTo(chosen);
            assertThat(retried.json().get("version").asLong()).as("a repeat changes nothing").isEqualTo(version);
            assertThat(retried.header("ETag")).isEqualTo("\"" + version + "\"");
        }
        Http.Answer another = http.post("/api/v1/premises/" + id + "/reservation", NANTES.key(),
                "{\"applicationId\":\"" + other + "\"}");
        assertProblem(another, 409);
        assertThat(another.json().get("currentStatus").asString()).isEqualTo("AGREEMENT_SIGNED");

        assertThat(http.get("/api/v1/premises/" + id, null).json().get("version").asLong()).isEqualTo(version);
        assertThat(awaitEvents(id, (int) version)).as("offered, 2 applications, reserved, 1 declined, signed: no more")
                .extracting(Published::type).containsExactly(type("premises.offered"),
                        type("premises.application-received"), type("premises.application-received"),
                        type("premises.reserved"), type("premises.application-declined"), type("premises.agreement-signed"));
    }

    @Test
    void applicationsAreIdempotentAndOneOrganisationWaitsWithOneApplication() {
        String id = offer(NANTES, "44109");
        Org applicant = APPLICANTS.get(4);
        String key = UUID.randomUUID().toString();
        Http.Answer first = http.post("/api/v1/premises/" + id + "/applications", applicant.key(),
                "{\"project\":\"Un tiers-lieu nourricier\"}", Map.of("Idempotency-Key", key));
        Http.Answer retry = http.post("/api/v1/premises/" + id + "/applications", applicant.key(),
                "{\"project\":\"Un tiers-lieu nourricier\"}", Map.of("Idempotency-Key", key));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("id").asString()).isEqualTo(first.json().get("id").asString());

        assertProblem(http.post("/api/v1/premises/" + id + "/applications", applicant.key(),
                "{\"project\":\"Un deuxième projet\"}"), 409);
        Http.Answer keyReused = http.post("/api/v1/premises/" + id + "/applications", applicant.key(),
                "{\"project\":\"Un deuxième projet\"}", Map.of("Idempotency-Key", key));
        assertProblem(keyReused, 409);
        assertThat(keyReused.json().get("detail").asString()).as("the id the key stands for was never the client's")
                .contains("Idempotency-Key was already used for a different request").contains("new Idempotency-Key")
                .doesNotContain(first.json().get("id").asString());
        assertInvalidFieldNamed(keyReused, "Idempotency-Key");
        Http.Answer clientId = http.post("/api/v1/premises/" + id + "/applications", APPLICANTS.get(5).key(),
                "{\"applicationId\":\"candidature-5\",\"project\":\"Une recyclerie\"}");
        assertThat(clientId.status()).isEqualTo(201);
        String clientApplication = clientId.json().get("id").asString();
        assertThat(clientId.header("Location")).isEqualTo("/api/v1/premises/" + id + "/applications/" + clientApplication);
        Http.Answer clientRetry = http.post("/api/v1/premises/" + id + "/applications", APPLICANTS.get(5).key(),
                "{\"applicationId\":\"candidature-5\",\"project\":\"Une recyclerie\"}");
        assertThat(clientRetry.status()).isEqualTo(200);
        assertThat(clientRetry.json().get("id").asString()).isEqualTo(clientApplication);
        Http.Answer idReused = http.post("/api/v1/premises/" + id + "/applications", APPLICANTS.get(5).key(),
                "{\"applicationId\":\"candidature-5\",\"project\":\"Un autre projet\"}");
        assertProblem(idReused, 409);
        assertThat(idReused.json().get("detail").asString()).contains("applicationId candidature-5")
                .doesNotContain(clientApplication);
        assertInvalidFieldNamed(idReused, "applicationId");
        assertProblem(http.post("/api/v1/premises/" + id + "/applications", NANTES.key(),
                "{\"project\":\"Nos propres locaux\"}"), 403);

        JsonNode premises = http.get("/api/v1/premises/" + id, null).json();
        assertThat(premises.get("applications").asInt()).isEqualTo(2);
        assertThat(premises.get("version").asLong()).isEqualTo(3);
        assertThat(http.get("/api/v1/premises/" + id + "/applications", applicant.key()).json().get("items").values())
                .singleElement().satisfies(a -> assertThat(a.get("project").asString()).isEqualTo("Un tiers-lieu nourricier"));
        assertThat(http.get("/api/v1/premises/" + id + "/applications", NANTES.key()).json().get("items").values()).hasSize(2);
        assertThat(awaitEvents(id, 3)).hasSize(3);
    }

    @Test
    void anApplicationIdIsTheOrganisationsOwnAndAnotherOrganisationsUseOfItShowsNothing() {
        String id = offer(NANTES, "44109");
        Org first = APPLICANTS.get(14);
        Org second = APPLICANTS.get(15);
        Http.Answer mine = http.post("/api/v1/premises/" + id + "/applications", first.key(),
                "{\"applicationId\":\"candidature-1\",\"project\":\"Une recyclerie\"}");
        assertThat(mine.status()).as(mine.body()).isEqualTo(201);

        Http.Answer theirs = http.post("/api/v1/premises/" + id + "/applications", second.key(),
                "{\"applicationId\":\"candidature-1\",\"project\":\"Un autre projet\"}");
        assertThat(theirs.status()).as("as for an id nobody used: " + theirs.body()).isEqualTo(201);
        String theirId = theirs.json().get("id").asString();
        assertThat(theirId).isNotEqualTo(mine.json().get("id").asString());
        assertThat(theirs.header("Location")).isEqualTo("/api/v1/premises/" + id + "/applications/" + theirId);
        Http.Answer fresh = http.post("/api/v1/premises/" + id + "/applications", APPLICANTS.get(16).key(),
                "{\"applicationId\":\"candidature-nobody-used\",\"project\":\"Un troisième projet\"}");
        assertThat(fresh.status()).isEqualTo(201);
        assertThat(List.of(theirId, fresh.json().get("id").asString())).as("ids of one kind, whether used or not")
                .allSatisfy(applicationId -> assertThat(UUID.fromString(applicationId).toString()).isEqualTo(applicationId));

        // each reads its own application at the applicationId it chose, never the other's
        JsonNode read = http.get("/api/v1/premises/" + id + "/applications/candidature-1", second.key()).json();
        assertThat(read.get("id").asString()).isEqualTo(theirId);
        assertThat(read.get("project").asString()).isEqualTo("Un autre projet");
        assertThat(http.get("/api/v1/premises/" + id + "/applications/candidature-1", first.key()).json()
                .get("project").asString()).isEqualTo("Une recyclerie");
        assertProblem(http.get("/api/v1/premises/" + id + "/applications/candidature-1", APPLICANTS.get(17).key()), 404);
        assertThat(http.get("/api/v1/premises/" + id + "/applications", NANTES.key()).json().get("total").asInt())
                .isEqualTo(3);
    }

    @Test
    void anApplicationStoredWithTheClientsOwnIdIsStillFoundByItsApplicantOnly() {
        // as stored before application ids were scoped per organisation: the client's id as it was
        Org applicant = APPLICANTS.get(18);
        String id = "legacy-" + UUID.randomUUID();
        Offer offer = new Offer(new CommuneRef("44109", "Nantes", "44", "52"), "3 rue Ancienne", 80, PremisesKind.OFFICE,
                Terms.FREE, 0, LocalDate.parse("2027-01-01"), null, null);
        Instant now = Instant.now();
        Premises offered = Premises.offer(id, NANTES.id(), offer, now).premises();
        Outcome.Changed applied = (Outcome.Changed) offered.apply("candidature-1", applicant.id(), "Un atelier", now);
        assertThat(store.insert(id, applied.premises().version(), applied.premises(), List.of())).isTrue();

        Http.Answer retry = http.post("/api/v1/premises/" + id + "/applications", applicant.key(),
                "{\"applicationId\":\"candidature-1\",\"project\":\"Un atelier\"}");
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.json().get("id").asString()).isEqualTo("candidature-1");
        Http.Answer reused = http.post("/api/v1/premises/" + id + "/applications", applicant.key(),
                "{\"applicationId\":\"candidature-1\",\"project\":\"Un autre atelier\"}");
        assertProblem(reused, 409);
        assertThat(reused.json().get("detail").asString()).contains("applicationId candidature-1");

        Http.Answer other = http.post("/api/v1/premises/" + id + "/applications", APPLICANTS.get(19).key(),
                "{\"applicationId\":\"candidature-1\",\"project\":\"Une cantine\"}");
        assertThat(other.status()).as(other.body()).isEqualTo(201);
        assertThat(other.json().get("id").asString()).isNotEqualTo("candidature-1");
        assertThat(http.get("/api/v1/premises/" + id + "/applications/candidature-1", APPLICANTS.get(19).key()).json()
                .get("project").asString()).isEqualTo("Une cantine");
        assertThat(http.get("/api/v1/premises/" + id + "/applications/candidature-1", applicant.key()).json()
                .get("project").asString()).isEqualTo("Un atelier");
    }

    @Test
    void anOfferWhoseLastDayIsPastTakesNoNewApplication() {
        // offered in 2020, when its last day was still ahead: a new offer can no longer end in the past
        String id = "ended-" + UUID.randomUUID();
        storeOffer(id, NANTES, offerOf("4 rue Close", LocalDate.parse("2020-01-01"), LocalDate.parse("2020-06-30")),
                Instant.parse("2020-01-01T09:00:00Z"));

        Http.Answer late = http.post("/api/v1/premises/" + id + "/applications", APPLICANTS.get(20).key(),
                "{\"project\":\"Trop tard\"}");
        assertProblem(late, 409);
        assertThat(late.json().get("detail").asString()).contains("ended on 2020-06-30");
        assertThat(late.json().get("availableUntil").asString()).isEqualTo("2020-06-30");
        assertThat(late.json().get("currentStatus").asString()).isEqualTo("OFFERED");
        JsonNode read = http.get("/api/v1/premises/" + id, null).json();
        assertThat(read.get("applications").asInt()).isZero();
        assertThat(read.get("status").asString()).isEqualTo("OFFERED");
        assertThat(read.get("offerEnded").asBoolean()).as("a reader sees it takes no more applications").isTrue();
        // nor is it listed as available on a day its offer covered: it may no longer be applied for
        Http.Answer onADayItCovered = http.get("/api/v1/premises?communeCode=44109&availableOn=2020-03-01&size=200", null);
        assertThat(onADayItCovered.status()).as(onADayItCovered.body()).isEqualTo(200);
        List<String> listed = new ArrayList<>();
        onADayItCovered.json().get("items").forEach(item -> listed.add(item.get("id").asString()));
        assertThat(listed).doesNotContain(id);
    }

    @Test
    void aNewOfferWhoseLastDayIsAlreadyPastIsRefusedAndNothingIsStored() {
        // the date rule of applications: the last day is a Paris calendar day, and applications are taken on it
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        String fields = "\"address\":\"6 rue Passée\",\"surfaceM2\":60,\"kind\":\"OFFICE\",\"terms\":\"FREE\","
                + "\"availableFrom\":\"" + today.minusYears(1) + "\",\"availableUntil\":\"%s\"";
        for (String key : new String[]{null, UUID.randomUUID().toString()}) {
            String id = "past-" + UUID.randomUUID();
            Http.Answer ended = http.post("/api/v1/premises", NANTES.key(), "{" + (key == null ? "\"id\":\"" + id + "\"," : "")
                    + "\"communeCode\":\"44109\"," + fields.formatted(today.minusDays(1)) + "}",
                    key == null ? Map.of() : Map.of("Idempotency-Key", key));
            assertInvalidField(ended, "availableUntil");
            assertThat(ended.json().at("/errors/0/message").asString()).as(ended.body())
                    .isEqualTo("must not be before today (" + today + ")");
            String stored = key == null ? id : IdempotencyKeys.derivedId(NANTES_CALLER, "premises", key);
            assertThat(http.get("/api/v1/premises/" + stored, null).status()).isEqualTo(404);
            assertThat(awaitEvents(stored, found -> true)).as("no event").isEmpty();
        }

        Http.Answer lastDay = http.post("/api/v1/premises", NANTES.key(), "{\"communeCode\":\"44109\","
                + fields.formatted(today) + "}");
        assertThat(lastDay.status()).as("its last day is today: still open to applications, " + lastDay.body())
                .isEqualTo(201);
    }

    @Test
    void theRetryOfAnOfferMadeBeforeItsLastDayPassedAnswersAsItDid() {
        // offered while its last day was ahead; the answer was lost and the client retries after that day
        Offer offer = offerOf("8 rue Ancienne", LocalDate.parse("2020-01-01"), LocalDate.parse("2020-06-30"));
        String body = "{\"communeCode\":\"44109\",\"address\":\"8 rue Ancienne\",\"surfaceM2\":60,"
                + "\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2020-01-01\",\"availableUntil\":\"2020-06-30\"";
        String chosen = "offered-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String keyed = IdempotencyKeys.derivedId(NANTES_CALLER, "premises", key);
        storeOffer(chosen, NANTES, offer, Instant.parse("2020-01-01T09:00:00Z"));
        storeOffer(keyed, NANTES, offer, Instant.parse("2020-01-01T09:00:00Z"));

        Http.Answer byId = http.post("/api/v1/premises", NANTES.key(), "{\"id\":\"" + chosen + "\"," + body.substring(1) + "}");
        Http.Answer byKey = http.post("/api/v1/premises", NANTES.key(), body + "}", Map.of("Idempotency-Key", key));
        for (Http.Answer retry : List.of(byId, byKey)) {
            assertThat(retry.status()).as(retry.body()).isEqualTo(200);
            assertThat(retry.json().get("version").asLong()).isEqualTo(1);
            assertThat(retry.json().get("availableUntil").asString()).isEqualTo("2020-06-30");
        }
        assertThat(byId.json().get("id").asString()).isEqualTo(chosen);
        assertThat(byKey.json().get("id").asString()).isEqualTo(keyed);

        Http.Answer otherDetails = http.post("/api/v1/premises", NANTES.key(), "{\"id\":\"" + chosen + "\","
                + body.substring(1).replace("\"surfaceM2\":60", "\"surfaceM2\":70") + "}");
        assertInvalidField(otherDetails, "availableUntil");
        assertThat(http.get("/api/v1/premises/" + chosen, null).json().get("surfaceM2").asInt()).isEqualTo(60);
        assertThat(awaitEvents(chosen, found -> true)).as("a retry publishes nothing").isEmpty();
        assertThat(awaitEvents(keyed, found -> true)).as("a retry publishes nothing").isEmpty();
    }

    private static final Caller NANTES_CALLER = new Caller(NANTES.id(), "key-" + NANTES.id(), Set.of(Role.LOCAL_AUTHORITY),
            "COMMUNE", "44109");

    private static Offer offerOf(String address, LocalDate from, LocalDate until) {
        return new Offer(new CommuneRef("44109", "Nantes", "44", "52"), address, 60, PremisesKind.OFFICE, Terms.FREE, 0,
                from, until, null);
    }

    /** Stores premises as an offer made at {@code offeredAt} left them (without publishing its event). */
    private void storeOffer(String id, Org authority, Offer offer, Instant offeredAt) {
        Premises offered = Premises.offer(id, authority.id(), offer, offeredAt).premises();
        assertThat(store.insert(id, offered.version(), offered, List.of())).isTrue();
    }

    @Test
    void withdrawalDeclinesWaitingApplicationsAndIsIdempotent() {
        String id = offer(NANTES, "44109");
        String a = apply(id, APPLICANTS.get(7), "Un repair café");
        String b = apply(id, APPLICANTS.get(8), "Une ressourcerie");

        Http.Answer withdrawn = http.post("/api/v1/premises/" + id + "/withdrawal", NANTES.key(), "");
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(withdrawn.json().get("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(withdrawn.json().get("version").asLong()).as("withdrawn, then two declined").isEqualTo(6);
        Http.Answer again = http.post("/api/v1/premises/" + id + "/withdrawal", NANTES.key(), "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("version").asLong()).isEqualTo(6);
        Http.Answer reserve = http.post("/api/v1/premises/" + id + "/reservation", NANTES.key(), "{\"applicationId\":\"" + a + "\"}");
        assertProblem(reserve, 409);
        assertThat(reserve.json().get("currentStatus").asString()).isEqualTo("WITHDRAWN");

        List<Published> events = awaitEvents(id, 6);
        assertThat(events).hasSize(6);
        assertThat(events.subList(3, 6)).extracting(Published::type).containsExactly(type("premises.withdrawn"),
                type("premises.application-declined"), type("premises.application-declined"));
        assertThat(events.subList(4, 6)).extracting(p -> p.payload().get("applicationId").asString())
                .containsExactlyInAnyOrder(a, b);
    }

    @Test
    void onlyTheOfferingAuthorityDecidesAndARefusalChangesNothing() {
        String id = offer(NANTES, "44109");
        String application = apply(id, APPLICANTS.get(9), "Un espace de coworking");

        assertProblem(http.post("/api/v1/premises/" + id + "/reservation", NANTES_METROPOLE.key(),
                "{\"applicationId\":\"" + application + "\"}"), 403);
        assertProblem(http.post("/api/v1/premises/" + id + "/reservation", APPLICANTS.get(9).key(),
                "{\"applicationId\":\"" + application + "\"}"), 403);
        assertProblem(http.post("/api/v1/premises/" + id + "/withdrawal", THIRD_PLACE.key(), ""), 403);
        assertProblem(http.post("/api/v1/premises/" + id + "/reservation", NANTES.key(),
                "{\"applicationId\":\"no-such-application\"}"), 404);
        assertProblem(http.post("/api/v1/premises/" + id + "/reservation", NANTES.key(),
                "{\"applicationId\":\"" + application + "\"}", Map.of("If-Match", "\"1\"")), 409);

        JsonNode premises = http.get("/api/v1/premises/" + id, null).json();
        assertThat(premises.get("status").asString()).isEqualTo("APPLIED");
        assertThat(premises.get("version").asLong()).isEqualTo(2);
        Http.Answer withMatch = http.post("/api/v1/premises/" + id + "/reservation", NANTES.key(),
                "{\"applicationId\":\"" + application + "\"}", Map.of("If-Match", "2"));
        assertThat(withMatch.status()).isEqualTo(200);
        Http.Answer retried = http.post("/api/v1/premises/" + id + "/reservation", NANTES.key(),
                "{\"applicationId\":\"" + application + "\"}", Map.of("If-Match", "2"));
        assertThat(retried.status()).as("the retry of a reservation whose answer was lost").isEqualTo(200);
        assertThat(retried.json().get("version").asLong()).isEqualTo(3);
        assertProblem(http.post("/api/v1/premises/" + id + "/withdrawal", NANTES.key(), "", Map.of("If-Match", "2")), 409);
        assertThat(http.get("/api/v1/premises/" + id, null).json().get("status").asString())
                .as("another change sent with the old version is still refused").isEqualTo("RESERVED");
    }

    @Test
    void searchFiltersAndPaginatesPublicly() {
        // Guérande (44069) is used by this test only, so its counts are exact
        String large = offer(LOIRE_ATLANTIQUE, "44069", "\"address\":\"1 quai\",\"surfaceM2\":900,\"kind\":\"INDUSTRIAL\","
                + "\"terms\":\"FREE\",\"availableFrom\":\"2097-03-01\"");
        String small = offer(LOIRE_ATLANTIQUE, "44069", "\"address\":\"2 rue\",\"surfaceM2\":40,\"kind\":\"OFFICE\","
                + "\"terms\":\"MARKET_RENT\",\"monthlyRentEur\":800,\"availableFrom\":\"2097-01-01\",\"availableUntil\":\"2097-06-30\"");
        String withdrawn = offer(LOIRE_ATLANTIQUE, "44069", "\"address\":\"3 place\",\"surfaceM2\":300,\"kind\":\"SCHOOL\","
                + "\"terms\":\"FREE\",\"availableFrom\":\"2026-09-01\"");
        assertThat(http.post("/api/v1/premises/" + withdrawn + "/withdrawal", LOIRE_ATLANTIQUE.key(), "").status()).isEqualTo(200);

        assertThat(ids("communeCode=44069")).containsExactly(withdrawn, small, large);
        assertThat(ids("communeCode=44069&minSurfaceM2=100")).containsExactly(withdrawn, large);
        assertThat(ids("communeCode=44069&terms=FREE&status=OFFERED")).containsExactly(large);
        assertThat(ids("communeCode=44069&availableOn=2097-02-15")).containsExactly(small);
        assertThat(ids("communeCode=44069&availableOn=2097-08-01")).containsExactly(large);
        assertThat(ids("communeCode=44069&status=WITHDRAWN")).containsExactly(withdrawn);

        JsonNode page = http.get("/api/v1/premises?communeCode=44069&size=2&page=1", null).json();
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("page").asInt()).isEqualTo(1);
        assertThat(page.get("items").values()).extracting(p -> p.get("id").asString()).containsExactly(large);

        JsonNode region = http.get("/api/v1/premises?region=52&departement=44&size=200", null).json();
        assertThat(region.get("items").values()).isNotEmpty()
                .allSatisfy(p -> assertThat(p.at("/commune/departement").asString()).isEqualTo("44"));
        for (String contradiction : List.of("region=11&communeCode=44069", "departement=75&communeCode=44069")) {
            Http.Answer answer = http.get("/api/v1/premises?" + contradiction, null);
            assertThat(answer.status()).as(contradiction).isEqualTo(400);
            assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("communeCode");
            assertThat(answer.json().at("/errors/0/message").asString()).contains("not in");
        }
        assertThat(http.get("/api/v1/premises?region=52&departement=44&communeCode=44069", null).json().get("total")
                .asLong()).isEqualTo(3);
    }

    @Test
    void onlyPremisesStillTakingApplicationsAreAvailableOnADay() {
        // Pornic (44131) is used by this test only, so its counts are exact
        String fields = "\"address\":\"%s\",\"surfaceM2\":120,\"kind\":\"OFFICE\",\"terms\":\"FREE\","
                + "\"availableFrom\":\"2027-01-01\"";
        String offered = offer(LOIRE_ATLANTIQUE, "44131", fields.formatted("1 rue du Port"));
        String applied = offer(LOIRE_ATLANTIQUE, "44131", fields.formatted("2 rue du Port"));
        apply(applied, APPLICANTS.get(11), "Un café associatif");
        String reserved = offer(LOIRE_ATLANTIQUE, "44131", fields.formatted("3 rue du Port"));
        reserve(LOIRE_ATLANTIQUE, reserved, apply(reserved, APPLICANTS.get(12), "Une épicerie solidaire"));
        String signed = offer(LOIRE_ATLANTIQUE, "44131", fields.formatted("4 rue du Port"));
        String tenant = apply(signed, APPLICANTS.get(13), "Un atelier vélo");
        reserve(LOIRE_ATLANTIQUE, signed, tenant);
        Http.Answer agreement = http.post("/api/v1/premises/" + signed + "/agreement", LOIRE_ATLANTIQUE.key(),
                "{\"applicationId\":\"" + tenant + "\",\"startsOn\":\"2027-02-01\",\"months\":12,\"monthlyRentEur\":0}");
        assertThat(agreement.status()).as(agreement.body()).isEqualTo(200);
        String withdrawn = offer(LOIRE_ATLANTIQUE, "44131", fields.formatted("5 rue du Port"));
        assertThat(http.post("/api/v1/premises/" + withdrawn + "/withdrawal", LOIRE_ATLANTIQUE.key(), "").status()).isEqualTo(200);

        assertThat(ids("communeCode=44131")).containsExactlyInAnyOrder(offered, applied, reserved, signed, withdrawn);
        assertThat(ids("communeCode=44131&availableOn=2027-06-01")).containsExactlyInAnyOrder(offered, applied);
        assertThat(ids("communeCode=44131&availableOn=2028-06-01"))
                .as("after the agreement's period the premises are still not open to applications")
                .containsExactlyInAnyOrder(offered, applied);
        assertThat(ids("communeCode=44131&availableOn=2027-06-01&status=RESERVED")).isEmpty();
    }

    private static void assertInvalidFieldNamed(Http.Answer answer, String field) {
        List<String> fields = new ArrayList<>();
        answer.json().path("errors").forEach(error -> fields.add(error.path("field").asString()));
        assertThat(fields).as(answer.body()).containsExactly(field);
    }

    private List<String> ids(String query) {
        Http.Answer answer = http.get("/api/v1/premises?" + query, null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("items").values().stream().map(p -> p.get("id").asString()).toList();
    }

    private void assertInvalid(String template, String field) {
        String id = "invalid-" + UUID.randomUUID();
        Http.Answer answer = http.post("/api/v1/premises", NANTES.key(), template.formatted(id));
        assertProblem(answer, 400);
        assertThat(answer.json().get("errors")).as(answer.body()).isNotNull();
        assertThat(answer.json().get("errors").values()).extracting(e -> e.get("field").asString()).contains(field);
        assertThat(http.get("/api/v1/premises/" + id, null).status()).isEqualTo(404);
    }

    String offer(Org authority, String communeCode) {
        return offer(authority, communeCode, SHOP);
    }

    String offer(Org authority, String communeCode, String fields) {
        Http.Answer answer = http.post("/api/v1/premises", authority.key(), "{\"communeCode\":\"" + communeCode + "\"," + fields + "}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    void reserve(Org authority, String premisesId, String applicationId) {
        Http.Answer answer = http.post("/api/v1/premises/" + premisesId + "/reservation", authority.key(),
                "{\"applicationId\":\"" + applicationId + "\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    String apply(String premisesId, Org applicant, String project) {
        Http.Answer answer = http.post("/api/v1/premises/" + premisesId + "/applications", applicant.key(),
                "{\"project\":\"" + project + "\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        String id = answer.json().get("id").asString();
        Http.Answer located = http.get(answer.header("Location"), applicant.key());
        assertThat(located.status()).as("the Location answers: " + located.body()).isEqualTo(200);
        assertThat(located.json().get("id").asString()).isEqualTo(id);
        return id;
    }
}
