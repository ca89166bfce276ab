package fr.maillage.registry;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import fr.maillage.events.EventJson;
import fr.maillage.events.registry.OrganisationApiKeyIssued;
import fr.maillage.events.registry.OrganisationApiKeyRevoked;
import fr.maillage.events.registry.OrganisationState;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.security.ApiKeys;
import fr.maillage.registry.domain.LegalIdentifiers;
import fr.maillage.testsupport.Http;
import fr.maillage.testsupport.TestStack;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

class OrganisationApiTest extends RegistryIntegrationTest {

    @Test
    void aSiretWithAWrongKeyAndAMalformedRnaAreBothNamed() {
        String id = "org-" + UUID.randomUUID();
        Http.Answer answer = http.post("/api/v1/organisations", nationalKey, "{\"id\":\"" + id + "\",\"name\":\"Asso\","
                + "\"kind\":\"ASSOCIATION\",\"siret\":\"44306184100048\",\"rna\":\"W12345\",\"roles\":[\"THIRD_PLACE\"]}");

        assertInvalidField(answer, "siret");
        assertInvalidField(answer, "rna");
        assertProblem(http.get("/api/v1/organisations/" + id, nationalKey), 404);
    }

    @Test
    void laPosteAndAnAssociationWithItsRnaAreRegistered() {
        Http.Answer laPoste = http.post("/api/v1/organisations", nationalKey, "{\"id\":\"org-" + UUID.randomUUID()
                + "\",\"name\":\"La Poste – bureau\",\"kind\":\"COMPANY\",\"siret\":\"35600000049837\",\"roles\":[\"THIRD_PLACE\"]}");
        Http.Answer association = http.post("/api/v1/organisations", nationalKey, "{\"id\":\"org-" + UUID.randomUUID()
                + "\",\"name\":\"Les Usines Partagées\",\"kind\":\"ASSOCIATION\",\"rna\":\"W442012345\",\"roles\":[\"FABRIQUE\"]}");

        assertThat(laPoste.status()).as(laPoste.body()).isEqualTo(201);
        assertThat(association.status()).as(association.body()).isEqualTo(201);
        assertThat(association.json().get("rna").asString()).isEqualTo("W442012345");
        assertThat(association.header("ETag")).as("the version created").isEqualTo("\"1\"");
    }

    @Test
    void aSiretOrAnRnaNamesOneOrganisation() {
        String siret = siret();
        String rna = rna();
        String first = "org-" + UUID.randomUUID();
        String body = "{\"id\":\"" + first + "\",\"name\":\"Asso\",\"kind\":\"ASSOCIATION\",\"siret\":\"" + siret
                + "\",\"rna\":\"" + rna + "\",\"roles\":[\"THIRD_PLACE\"]}";
        assertThat(http.post("/api/v1/organisations", nationalKey, body).status()).isEqualTo(201);

        String second = "org-" + UUID.randomUUID();
        Http.Answer sameSiret = register(second, "COMPANY", "\"siret\":\"" + siret + "\"");
        Http.Answer sameRna = register(second, "ASSOCIATION", "\"rna\":\"" + rna + "\"");

        for (Http.Answer refused : List.of(sameSiret, sameRna)) {
            assertProblem(refused, 409);
            assertThat(refused.json().get("organisationId").asString()).isEqualTo(first);
            assertThat(refused.json().get("detail").asString()).contains(first);
        }
        assertThat(sameSiret.json().get("field").asString()).isEqualTo("siret");
        assertThat(sameRna.json().get("field").asString()).isEqualTo("rna");
        assertProblem(http.get("/api/v1/organisations/" + second, nationalKey), 404);
        assertThat(http.post("/api/v1/organisations", nationalKey, body).status()).as("a retry of the first").isEqualTo(200);

        var retry = java.util.Map.of("Idempotency-Key", UUID.randomUUID().toString());
        String keyed = "{\"name\":\"Coop\",\"kind\":\"COOPERATIVE\",\"siret\":\"" + siret() + "\",\"roles\":[\"THIRD_PLACE\"]}";
        Http.Answer created = http.post("/api/v1/organisations", nationalKey, keyed, retry);
        Http.Answer again = http.post("/api/v1/organisations", nationalKey, keyed, retry);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("id").asString()).isEqualTo(created.json().get("id").asString());
        Http.Answer other = http.post("/api/v1/organisations", nationalKey, keyed.replace("Coop", "Autre coop"), retry);
        assertProblem(other, 409);
        assertThat(other.json().get("detail").asString()).as("the id is the key's, which the client never saw")
                .contains("Idempotency-Key").contains("nothing was changed");
    }

    @Test
    void ofConcurrentRegistrationsOfOneSiretOneWins() throws Exception {
        String siret = siret();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Http.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return register("org-" + UUID.randomUUID(), "COMPANY", "\"siret\":\"" + siret + "\"");
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Http.Answer> answer : answers) {
                statuses.add(answer.get().status());
            }

            assertThat(statuses).as(statuses.toString()).containsOnlyOnce(201);
            assertThat(statuses).allMatch(status -> status == 201 || status == 409 || status == 503);
            try (MongoClient mongo = MongoClients.create(TestStack.mongoUri())) {
                assertThat(mongo.getDatabase(DATABASE).getCollection("organisations")
                        .countDocuments(Filters.eq("state.siret", siret))).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReservationLeftByARegistrationThatDiedStandsOnlyForAMoment() {
        String stale = siret();
        String recent = siret();
        try (MongoClient mongo = MongoClients.create(TestStack.mongoUri())) {
            // what a registration leaves when it dies between the reservation and the organisation
            var legalIds = mongo.getDatabase(DATABASE).getCollection("legal_ids");
            legalIds.insertOne(new Document("_id", "siret:" + stale).append("organisationId", "org-died")
                    .append("reservedAt", Date.from(Instant.now().minus(Duration.ofMinutes(15)))));
            legalIds.insertOne(new Document("_id", "siret:" + recent).append("organisationId", "org-on-its-way")
                    .append("reservedAt", Date.from(Instant.now())));
        }

        Http.Answer takenOver = register("org-" + UUID.randomUUID(), "COMPANY", "\"siret\":\"" + stale + "\"");
        Http.Answer waiting = register("org-" + UUID.randomUUID(), "COMPANY", "\"siret\":\"" + recent + "\"");
        Http.Answer itsRetry = register("org-on-its-way", "COMPANY", "\"siret\":\"" + recent + "\"");

        assertThat(takenOver.status()).as(takenOver.body()).isEqualTo(201);
        assertProblem(waiting, 503);
        assertThat(waiting.header("Retry-After")).isNotNull();
        assertThat(itsRetry.status()).as("the retry of the registration that reserved it: " + itsRetry.body()).isEqualTo(201);
        assertProblem(register("org-" + UUID.randomUUID(), "COMPANY", "\"siret\":\"" + recent + "\""), 409);
    }

    @Test
    void aRegistrationRefusedForItsRnaDoesNotHoldItsSiret() {
        String rna = rna();
        assertThat(register("org-" + UUID.randomUUID(), "ASSOCIATION", "\"rna\":\"" + rna + "\"").status()).isEqualTo(201);
        String siret = siret();

        assertProblem(register("org-" + UUID.randomUUID(), "ASSOCIATION",
                "\"siret\":\"" + siret + "\",\"rna\":\"" + rna + "\""), 409);
        // corrected, under a new id (no Idempotency-Key, or a new one): its SIRET is free
        Http.Answer corrected = register("org-" + UUID.randomUUID(), "ASSOCIATION",
                "\"siret\":\"" + siret + "\",\"rna\":\"" + rna() + "\"");
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
    }

    @Test
    void aReservationOfARegistrationRefusedForItsIdBlocksNobody() {
        String taken = "org-" + UUID.randomUUID();
        assertThat(register(taken, "COMPANY", "\"siret\":\"" + siret() + "\"").status()).isEqualTo(201);
        String siret = siret();
        try (MongoClient mongo = MongoClients.create(TestStack.mongoUri())) {
            // what a registration under a taken id racing the first leaves: a reservation its organisation does not hold
            mongo.getDatabase(DATABASE).getCollection("legal_ids").insertOne(new Document("_id", "siret:" + siret)
                    .append("organisationId", taken).append("reservedAt", Date.from(Instant.now())));
        }

        Http.Answer answer = register("org-" + UUID.randomUUID(), "COMPANY", "\"siret\":\"" + siret + "\"");

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }

    @Test
    void anOrganisationRegisteredBeforeLegalIdsWereReservedKeepsItsSiret() {
        String siret = siret();
        String earlier = "org-" + UUID.randomUUID();
        assertThat(register(earlier, "COMPANY", "\"siret\":\"" + siret + "\"").status()).isEqualTo(201);
        try (MongoClient mongo = MongoClients.create(TestStack.mongoUri())) {
            mongo.getDatabase(DATABASE).getCollection("legal_ids").deleteOne(Filters.eq("_id", "siret:" + siret));
        }

        Http.Answer answer = register("org-" + UUID.randomUUID(), "COMPANY", "\"siret\":\"" + siret + "\"");

        assertProblem(answer, 409);
        assertThat(answer.json().get("organisationId").asString()).isEqualTo(earlier);
        assertProblem(register("org-" + UUID.randomUUID(), "COMPANY", "\"siret\":\"" + siret + "\""), 409);
    }

    @Test
    void onlyAnAssociationHasAnRna() {
        String id = "org-" + UUID.randomUUID();

        assertInvalidField(register(id, "COMPANY", "\"rna\":\"" + rna() + "\""), "rna");
        assertProblem(http.get("/api/v1/organisations/" + id, nationalKey), 404);
    }

    @Test
    void aLocalAuthorityIsACollectiviteWhoseTerritoryIsItsOwn() {
        String association = "org-" + UUID.randomUUID();
        String commune = "org-" + UUID.randomUUID();
        String region = "org-" + UUID.randomUUID();

        assertInvalidField(localAuthority(association, "ASSOCIATION", "REGION", "84"), "kind");
        assertInvalidField(localAuthority(commune, "COMMUNE", "REGION", "84"), "territory.level");
        Http.Answer registered = localAuthority(region, "REGION", "REGION", "84");

        assertProblem(http.get("/api/v1/organisations/" + association, nationalKey), 404);
        assertProblem(http.get("/api/v1/organisations/" + commune, nationalKey), 404);
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    }

    private Http.Answer localAuthority(String id, String kind, String level, String code) {
        return http.post("/api/v1/organisations", nationalKey, "{\"id\":\"" + id + "\",\"name\":\"Collectivité\","
                + "\"kind\":\"" + kind + "\",\"roles\":[\"LOCAL_AUTHORITY\"],\"territory\":{\"level\":\"" + level
                + "\",\"code\":\"" + code + "\"}}");
    }

    private Http.Answer register(String id, String kind, String legalIds) {
        return http.post("/api/v1/organisations", nationalKey, "{\"id\":\"" + id + "\",\"name\":\"Structure\",\"kind\":\""
                + kind + "\"," + legalIds + ",\"roles\":[\"THIRD_PLACE\"]}");
    }

    /** A SIRET of no other test: 13 random digits and the Luhn key. */
    private static String siret() {
        String base = "9" + String.format("%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
        for (int key = 0; key <= 9; key++) {
            if (LegalIdentifiers.siretProblem(base + key).isEmpty()) {
                return base + key;
            }
        }
        throw new IllegalStateException("no Luhn key for " + base);
    }

    private static String rna() {
        return "W9" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    @Test
    void aTerritoryIsStoredUnderTheCodeEveryComparisonUses() {
        // " 84" passed the check and was stored as sent: an analyst of Auvergne-Rhône-Alpes matched no région
        Http.Answer region = http.post("/api/v1/organisations", nationalKey, "{\"id\":\"org-" + UUID.randomUUID()
                + "\",\"name\":\"Analystes ARA\",\"kind\":\"REGION\",\"roles\":[\"ANALYST\"],"
                + "\"territory\":{\"level\":\"REGION\",\"code\":\" 84\"}}");
        Http.Answer commune = http.post("/api/v1/organisations", nationalKey, "{\"id\":\"org-" + UUID.randomUUID()
                + "\",\"name\":\"Mairie\",\"kind\":\"COMMUNE\",\"roles\":[\"LOCAL_AUTHORITY\"],"
                + "\"territory\":{\"level\":\"COMMUNE\",\"code\":\"91182\"}}");

        assertThat(region.status()).as(region.body()).isEqualTo(201);
        assertThat(region.json().path("territory").path("code").asString()).isEqualTo("84");
        assertThat(commune.status()).as(commune.body()).isEqualTo(201);
        assertThat(commune.json().path("territory").path("code").asString())
                .as("Courcouronnes' old code gives Évry-Courcouronnes'").isEqualTo("91228");
    }

    @Test
    void anAuthorityOfAnOverseasCollectivityHasNoTerritoryOfTheNetwork() {
        // its communes' département and région codes (978) are none of the network's: its premises could not be placed
        Http.Answer saintMartin = http.post("/api/v1/organisations", nationalKey, "{\"id\":\"org-" + UUID.randomUUID()
                + "\",\"name\":\"Collectivité de Saint-Martin\",\"kind\":\"COMMUNE\",\"roles\":[\"LOCAL_AUTHORITY\"],"
                + "\"territory\":{\"level\":\"COMMUNE\",\"code\":\"97801\"}}");

        assertInvalidField(saintMartin, "territory.code");
    }

    @Test
    void theNationalStructureListsOrganisationsPageByPage() {
        Set<String> mine = Set.of(newOrganisation("ANALYST").id(), newOrganisation("ANALYST").id(),
                newOrganisation("ANALYST").id());

        Set<String> seen = new HashSet<>();
        long total = -1;
        for (int page = 0; page < 1_000; page++) {
            Http.Answer answer = http.get("/api/v1/organisations?role=ANALYST&size=2&page=" + page, nationalKey);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            total = answer.json().get("total").asLong();
            assertThat(answer.json().get("items").size()).isLessThanOrEqualTo(2);
            answer.json().get("items").forEach(item -> {
                assertThat(item.get("roles").toString()).contains("ANALYST");
                assertThat(seen.add(item.get("id").asString())).as("no organisation on two pages").isTrue();
            });
            if (answer.json().get("items").isEmpty()) {
                break;
            }
        }
        assertThat(seen).containsAll(mine).hasSize((int) total);
        assertThat(http.get("/api/v1/organisations?page=0&size=5", nationalKey).json().get("items").size()).isEqualTo(5);
    }

    @Test
    void onlyTheNationalStructureListsOrganisations() {
        Org analyst = newOrganisation("ANALYST");

        assertProblem(http.get("/api/v1/organisations", analyst.key()), 403);
        assertInvalidField(http.get("/api/v1/organisations?size=1000", nationalKey), "size");
        assertInvalidField(http.get("/api/v1/organisations?role=KING", nationalKey), "role");
    }

    @Test
    void issuingAndRevokingAKeyArePublishedByKeyIdAndTheKeyStopsWorking() {
        Org org = newOrganisation("THIRD_PLACE");
        assertThat(http.get("/api/v1/organisations/" + org.id(), org.key()).status()).isEqualTo(200);
        String keyId = http.get("/api/v1/organisations/" + org.id(), nationalKey).json()
                .at("/apiKeys/0/keyId").asString();
        Org other = newOrganisation("THIRD_PLACE");

        assertProblem(http.delete("/api/v1/organisations/" + other.id() + "/api-keys/" + keyId, nationalKey), 404);
        assertProblem(http.delete("/api/v1/organisations/" + org.id() + "/api-keys/never-issued", nationalKey), 404);
        assertThat(http.get("/api/v1/organisations/" + org.id(), org.key()).status())
                .as("a revocation sent to the wrong organisation revokes nothing").isEqualTo(200);
        assertThat(http.delete("/api/v1/organisations/" + org.id() + "/api-keys/" + keyId, nationalKey).status())
                .isEqualTo(204);

        assertProblem(http.get("/api/v1/organisations/" + org.id(), org.key()), 401);
        assertThat(http.delete("/api/v1/organisations/" + org.id() + "/api-keys/" + keyId, nationalKey).status())
                .as("revoking again changes nothing").isEqualTo(204);
        var events = readUntil(RegistryTopics.EVENTS, org.id(),
                records -> records.stream().anyMatch(r -> "fr.maillage.registry.organisation.api-key-revoked.v1".equals(type(r))));
        List<String> types = new ArrayList<>();
        events.forEach(record -> types.add(type(record)));
        assertThat(types).containsExactly("fr.maillage.registry.organisation.registered.v1",
                "fr.maillage.registry.organisation.api-key-issued.v1",
                "fr.maillage.registry.organisation.api-key-revoked.v1");
        var issued = EventJson.read(events.get(1).value(), OrganisationApiKeyIssued.class);
        var revoked = EventJson.read(events.get(2).value(), OrganisationApiKeyRevoked.class);
        assertThat(issued.keyId()).isEqualTo(keyId);
        assertThat(revoked.keyId()).isEqualTo(keyId);
        String hash = ApiKeys.hash(org.key());
        events.forEach(record -> assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .doesNotContain(hash).doesNotContain(org.key()));

        var states = readUntil(RegistryTopics.STATE, RegistryTopics.organisationStateKey(org.id()), records -> records.size() >= 3);
        OrganisationState latest = EventJson.read(states.get(states.size() - 1).value(), OrganisationState.class);
        assertThat(latest.apiKeys()).isEmpty();
        OrganisationState withKey = EventJson.read(states.get(1).value(), OrganisationState.class);
        assertThat(withKey.apiKeys()).singleElement().satisfies(key -> assertThat(key.sha256()).isEqualTo(hash));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyDoesNotIssueASecondKey() {
        Org org = newOrganisation("THIRD_PLACE");
        var retry = java.util.Map.of("Idempotency-Key", UUID.randomUUID().toString());

        Http.Answer first = http.post("/api/v1/organisations/" + org.id() + "/api-keys", nationalKey, "", retry);
        Http.Answer second = http.post("/api/v1/organisations/" + org.id() + "/api-keys", nationalKey, "", retry);

        assertThat(first.status()).isEqualTo(201);
        assertProblem(second, 409);
        assertThat(second.body()).doesNotContain(first.json().get("apiKey").asString());
        assertThat(http.get("/api/v1/organisations/" + org.id(), nationalKey).json().get("apiKeys").size()).isEqualTo(2);
    }

    @Test
    void anEmptyIdempotencyKeyIsRefusedNotTakenForNone() {
        Org org = newOrganisation("THIRD_PLACE");
        for (String empty : new String[]{"", "   "}) {
            Http.Answer refused = http.post("/api/v1/organisations/" + org.id() + "/api-keys", nationalKey, "",
                    java.util.Map.of("Idempotency-Key", empty));
            assertInvalidField(refused, "Idempotency-Key");
        }
        assertThat(http.get("/api/v1/organisations/" + org.id(), nationalKey).json().get("apiKeys").size())
                .as("only the key it was registered with").isEqualTo(1);
    }

    @Test
    void aRetryAfterTheKeyWasRevokedDoesNotBringItBack() {
        Org org = newOrganisation("THIRD_PLACE");
        var retry = java.util.Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Http.Answer first = http.post("/api/v1/organisations/" + org.id() + "/api-keys", nationalKey, "", retry);
        String keyId = first.json().get("keyId").asString();
        assertThat(http.delete("/api/v1/organisations/" + org.id() + "/api-keys/" + keyId, nationalKey).status())
                .isEqualTo(204);

        Http.Answer late = http.post("/api/v1/organisations/" + org.id() + "/api-keys", nationalKey, "", retry);

        assertProblem(late, 409);
        assertThat(http.get("/api/v1/organisations/" + org.id(), nationalKey).json().get("apiKeys").toString())
                .doesNotContain(keyId);
    }

    @Test
    void keysOfAnUnknownOrganisationAre404() {
        assertProblem(http.post("/api/v1/organisations/org-unknown/api-keys", nationalKey, ""), 404);
        assertProblem(http.delete("/api/v1/organisations/org-unknown/api-keys/k", nationalKey), 404);
        assertProblem(http.get("/api/v1/organisations/org-unknown", nationalKey), 404);
    }
}
