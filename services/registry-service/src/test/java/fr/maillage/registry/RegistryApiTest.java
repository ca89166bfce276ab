package fr.maillage.registry;

import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.messaging.KafkaHeaders;
import fr.maillage.testsupport.Http;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RegistryApiTest extends RegistryIntegrationTest {

    @Test
    void registersAThirdPlaceInNantesAndPublishesItThroughTheOutbox() {
        Http.Answer answer = http.post("/api/v1/third-places", nationalKey,
                "{\"name\":\"Le Solilab\",\"communeCode\":\"44109\",\"typologies\":[\"COWORKING\"]}");

        assertThat(answer.status()).isEqualTo(201);
        JsonNode body = answer.json();
        String id = body.get("id").asString();
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(body.at("/commune/code").asString()).isEqualTo("44109");
        assertThat(body.at("/commune/name").asString()).isEqualTo("Nantes");
        assertThat(body.at("/commune/departement").asString()).isEqualTo("44");
        assertThat(body.at("/commune/region").asString()).isEqualTo("52");
        assertThat(body.at("/commune/metropole").asString()).contains("Nantes");
        assertThat(body.at("/commune/sizeClass").asString()).isEqualTo("FROM_100000");
        assertThat(answer.header("ETag")).isEqualTo("\"1\"");

        List<ConsumerRecord<String, byte[]>> events = readUntil(RegistryTopics.EVENTS, id);
        assertThat(events).singleElement().satisfies(record -> {
            var event = KafkaHeaders.toCloudEvent(record);
            assertThat(event.type()).isEqualTo("fr.maillage.registry.third-place.registered.v1");
            assertThat(event.subject()).isEqualTo(id);
            assertThat(event.source()).isEqualTo("/maillage/registry");
        });
        assertThat(readUntil(RegistryTopics.STATE, RegistryTopics.thirdPlaceStateKey(id))).singleElement()
                .satisfies(record -> assertThat(KafkaHeaders.toCloudEvent(record).subject()).isEqualTo(id));
    }

    @Test
    void theRetryOfARegistrationAnswersAsItDidAfterThePlaceChanged() {
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        String body = "{\"name\":\"Page 1\",\"communeCode\":\"69123\",\"status\":\"PROJECT\"}";
        Http.Answer first = http.post("/api/v1/third-places", nationalKey, body, key);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String id = first.json().get("id").asString();
        assertThat(http.patch("/api/v1/third-places/" + id, nationalKey, "{\"name\":\"Page un\"}",
                Map.of("If-Match", "1")).status()).isEqualTo(200);
        assertThat(http.post("/api/v1/third-places/" + id + "/closure", nationalKey, "").status()).isEqualTo(200);

        Http.Answer retry = http.post("/api/v1/third-places", nationalKey, body, key);

        assertThat(retry.status()).as("its first answer was lost: " + retry.body()).isEqualTo(200);
        assertThat(retry.json().get("id").asString()).isEqualTo(id);
        assertThat(retry.json().get("version").asLong()).isEqualTo(3);
        assertThat(retry.json().get("name").asString()).as("as it is now").isEqualTo("Page un");
        assertProblem(http.post("/api/v1/third-places", nationalKey, body.replace("Page 1", "Page 2"), key), 409);
        assertThat(readUntil(RegistryTopics.EVENTS, id, records -> records.size() >= 3))
                .extracting(RegistryIntegrationTest::type).filteredOn(type -> type.endsWith("registered.v1")).hasSize(1);
    }

    @Test
    void aTiersLieuAndAnOrganisationOfTheSameIdKeepTheirOwnStateOnTheCompactedTopic() {
        String id = "meme-" + UUID.randomUUID();
        assertThat(http.post("/api/v1/organisations", nationalKey, "{\"id\":\"" + id + "\",\"name\":\"Le Solilab\","
                + "\"kind\":\"ASSOCIATION\",\"roles\":[\"THIRD_PLACE\"]}").status()).isEqualTo(201);
        assertThat(http.post("/api/v1/third-places", nationalKey, "{\"id\":\"" + id + "\",\"name\":\"Le Solilab\","
                + "\"communeCode\":\"44109\"}").status()).isEqualTo(201);

        // compaction keeps the last record of each key: one key for both would leave one of them only
        assertThat(readUntil(RegistryTopics.STATE, RegistryTopics.organisationStateKey(id))).extracting(RegistryIntegrationTest::type)
                .containsOnly("fr.maillage.registry.organisation.state.v1");
        assertThat(readUntil(RegistryTopics.STATE, RegistryTopics.thirdPlaceStateKey(id))).extracting(RegistryIntegrationTest::type)
                .containsOnly("fr.maillage.registry.third-place.state.v1");
        assertThat(readAll(RegistryTopics.STATE)).noneMatch(record -> id.equals(record.key()));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyRegistersOnce() {
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"La Fabrique du Coin\",\"communeCode\":\"75111\"}";
        Http.Answer first = http.post("/api/v1/third-places", nationalKey, body, Map.of("Idempotency-Key", key));
        Http.Answer second = http.post("/api/v1/third-places", nationalKey, body, Map.of("Idempotency-Key", key));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(first.json().at("/commune/code").asString()).as("arrondissement resolves to Paris").isEqualTo("75056");
    }

    @Test
    void aPlaceIsNamedByAnIdOrAnIdempotencyKeyNotBothAndNoIdTakesTheFormOfAKeys() {
        String key = UUID.randomUUID().toString();
        String chosen = "tl-" + UUID.randomUUID();
        Http.Answer both = http.post("/api/v1/third-places", nationalKey,
                "{\"id\":\"" + chosen + "\",\"name\":\"La Fabrique du Coin\",\"communeCode\":\"75111\"}",
                Map.of("Idempotency-Key", key));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().at("/errors/0/field").asString()).isEqualTo("Idempotency-Key");
        assertThat(http.get("/api/v1/third-places/" + chosen, nationalKey).status()).isEqualTo(404);

        String keysForm = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
        Http.Answer taken = http.post("/api/v1/third-places", nationalKey,
                "{\"id\":\"" + keysForm + "\",\"name\":\"La Fabrique du Coin\",\"communeCode\":\"75111\"}");
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.json().at("/errors/0/field").asString()).isEqualTo("id");
        Http.Answer organisation = http.post("/api/v1/organisations", nationalKey, "{\"id\":\"org-" + UUID.randomUUID()
                + "\",\"name\":\"Association du Coin\",\"kind\":\"ASSOCIATION\",\"roles\":[\"THIRD_PLACE\"]}",
                Map.of("Idempotency-Key", key));
        assertThat(organisation.status()).isEqualTo(400);
        assertThat(organisation.json().at("/errors/0/field").asString()).as(organisation.body()).isEqualTo("Idempotency-Key");
    }

    @Test
    void theOpenApiDocumentGivesTheSuccessCodesSentAndTheProblemsOfEveryOperation() {
        JsonNode document = http.get("/v3/api-docs", nationalKey).json();
        assertThat(document.at("/info/title").asString()).isEqualTo("Maillage registry-service");
        assertThat(document.at("/info/version").asString()).isEqualTo("v1");
        JsonNode paths = document.path("paths");

        JsonNode register = paths.at("/~1api~1v1~1third-places/post/responses");
        assertThat(register.has("201")).isTrue();
        assertThat(register.has("200")).as("a retry answers 200").isTrue();
        assertThat(paths.at("/~1api~1v1~1organisations~1{id}~1api-keys/post/responses").has("200"))
                .as("a key is issued with 201 only").isFalse();
        JsonNode revoke = paths.at("/~1api~1v1~1organisations~1{id}~1api-keys~1{keyId}/delete/responses");
        assertThat(revoke.has("204")).isTrue();
        assertThat(revoke.has("200")).isFalse();
        for (String errors : List.of("4XX", "5XX")) {
            assertThat(register.at("/" + errors + "/content/application~1problem+json/schema/$ref").asString())
                    .isEqualTo("#/components/schemas/Problem");
        }
        assertThat(paths.at("/~1api~1v1~1third-places~1{id}/get/responses/4XX/content").has("application/problem+json"))
                .isTrue();
        assertThat(paths.at("/~1api~1v1~1third-places~1{id}~1fabrique-label/put/parameters").toString())
                .as("a label's terms are changed over the version read").contains("If-Match");
        // what the code requires, the document requires (a client generated from it would leave it out)
        assertThat(paths.at("/~1api~1v1~1third-places~1{id}/patch/parameters")).anySatisfy(parameter -> {
            assertThat(parameter.path("name").asString()).isEqualTo("If-Match");
            assertThat(parameter.path("required").asBoolean()).isTrue();
        });
        assertThat(paths.at("/~1api~1v1~1imports/post/parameters")).anySatisfy(parameter -> {
            assertThat(parameter.path("name").asString()).isEqualTo("format");
            assertThat(parameter.path("required").asBoolean()).isTrue();
        });
        assertThat(paths.at("/~1api~1v1~1imports/post/requestBody/required").asBoolean()).isTrue();
    }

    @Test
    void anUnknownCommuneIsRefusedNamingTheField() {
        Http.Answer answer = http.post("/api/v1/third-places", nationalKey, "{\"name\":\"Nowhere\",\"communeCode\":\"99999\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("communeCode");
    }

    @Test
    void aCommuneOfAnOverseasCollectivityIsRefusedForItHasNoRegionOfTheNetwork() {
        for (String papeeteThenSaintPierre : new String[]{"98735", "97502"}) {
            Http.Answer answer = http.post("/api/v1/third-places", nationalKey,
                    "{\"name\":\"Au large\",\"communeCode\":\"" + papeeteThenSaintPierre + "\"}");

            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("communeCode");
            assertThat(answer.json().at("/errors/0/message").asString()).contains("overseas collectivity");
        }
    }

    @Test
    void hostileInputIsAnsweredWithProblems() {
        assertProblem(http.post("/api/v1/third-places", null, "{\"name\":\"x\",\"communeCode\":\"44109\"}"), 401);
        assertProblem(http.post("/api/v1/third-places", "mlg_wrong", "{\"name\":\"x\",\"communeCode\":\"44109\"}"), 401);
        assertProblem(http.post("/api/v1/third-places", nationalKey, "{\"name\":{\"$gt\":\"\"},\"communeCode\":\"44109\"}"), 400);
        assertProblem(http.post("/api/v1/third-places", nationalKey, "{\"name\":\"x\",\"communeCode\":\"44109\",\"$where\":\"1\"}"), 400);
        assertProblem(http.post("/api/v1/third-places", nationalKey, "{\"name\":\"x\",\"communeCode\":\"44109\",\"surfaceM2\":\"big\"}"), 400);
        assertProblem(http.post("/api/v1/third-places", nationalKey, "{\"name\":\"x\",\"communeCode\":"), 400);
        assertProblem(http.post("/api/v1/third-places", nationalKey, "{\"name\":\"a\\u0000b\",\"communeCode\":\"44109\"}"), 400);
        assertProblem(http.post("/api/v1/third-places", nationalKey, "{\"name\":\"" + "x".repeat(1_100_000) + "\"}"), 413);
        assertProblem(http.get("/actuator/metrics", null), 401);
        // its Kafka check gives the broker 2 s: a loaded machine may need a second look
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> http.get("/actuator/health", null).status() == 200);
    }

    @Test
    void updatesNeedTheCurrentVersion() {
        String id = http.post("/api/v1/third-places", nationalKey, "{\"name\":\"Atelier\",\"communeCode\":\"2A004\"}")
                .json().get("id").asString();

        assertProblem(http.patch("/api/v1/third-places/" + id, nationalKey, "{\"name\":\"Atelier partagé\"}", Map.of()), 428);
        Http.Answer updated = http.patch("/api/v1/third-places/" + id, nationalKey, "{\"name\":\"Atelier partagé\"}",
                Map.of("If-Match", "\"1\""));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("version").asLong()).isEqualTo(2);
        Http.Answer stale = http.patch("/api/v1/third-places/" + id, nationalKey, "{\"name\":\"Autre nom\"}",
                Map.of("If-Match", "1"));
        assertProblem(stale, 409);
        assertThat(http.get("/api/v1/third-places/" + id, nationalKey).json().get("name").asString())
                .isEqualTo("Atelier partagé");
    }
}
