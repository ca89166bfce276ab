package fr.maillage.registry;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import fr.maillage.events.EventJson;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.registry.usecase.FacilitatorCounts;
import fr.maillage.testsupport.Http;
import fr.maillage.testsupport.TestStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class FacilitatorApiTest extends RegistryIntegrationTest {

    @Test
    void aFacilitatorIsRegisteredCertifiedAndCountedByTheirPlace() {
        Org operator = newOrganisation("THIRD_PLACE");
        String place = newPlace(operator.id());
        Person person = Person.unique();

        Http.Answer registered = http.post("/api/v1/facilitators", operator.key(), person.json(place));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        String id = registered.json().get("id").asString();
        assertThat(id).doesNotContain(person.firstName()).doesNotContain(person.lastName());
        assertThat(registered.json().get("certified").asBoolean()).isFalse();
        assertThat(registered.header("ETag")).as("the version created, as a read would give it").isEqualTo("\"1\"");
        assertPlaceCounts(place, 1, 0);

        Http.Answer certified = http.post("/api/v1/facilitators/" + id + "/certifications", operator.key(),
                "{\"name\":\"Animateur de tiers-lieux\",\"hours\":140,\"certifiedOn\":\"2026-06-30\"}");
        assertThat(certified.status()).as(certified.body()).isEqualTo(201);
        assertThat(certified.json().get("certified").asBoolean()).isTrue();
        assertThat(certified.json().get("trainingHours").asInt()).isEqualTo(140);
        assertThat(certified.header("ETag")).isEqualTo(http.get("/api/v1/facilitators/" + id, operator.key()).header("ETag"))
                .isEqualTo("\"" + certified.json().get("version").asLong() + "\"");
        assertThat(http.post("/api/v1/facilitators/" + id + "/certifications", operator.key(),
                "{\"name\":\"Animateur de tiers-lieux\",\"hours\":140,\"certifiedOn\":\"2026-06-30\"}").status())
                .as("the same certification again changes nothing").isEqualTo(200);
        assertPlaceCounts(place, 1, 1);

        Http.Answer read = http.get("/api/v1/facilitators/" + id, operator.key());
        assertThat(read.json().get("lastName").asString()).isEqualTo(person.lastName());
        assertThat(read.json().get("email").asString()).isEqualTo(person.email());

        // the place's counts are published; nothing about the facilitator, keyed or named
        var placeEvents = readUntil(RegistryTopics.EVENTS, place, records -> records.size() >= 3);
        assertThat(placeEvents).extracting(RegistryIntegrationTest::type)
                .endsWith("fr.maillage.registry.third-place.facilitators-changed.v1",
                        "fr.maillage.registry.third-place.facilitators-changed.v1");
        assertNothingOnTheTopicsNames(id);
    }

    @Test
    void aTrainingWithoutCertificationCountsInTheHoursNotInTheCertifiedShare() {
        Org operator = newOrganisation("THIRD_PLACE");
        String place = newPlace(operator.id());
        String id = http.post("/api/v1/facilitators", operator.key(), Person.unique().json(place)).json().get("id").asString();
        String training = "{\"name\":\"Faciliter un atelier collaboratif\",\"hours\":14,\"completedOn\":\"2026-05-12\"}";

        Http.Answer trained = http.post("/api/v1/facilitators/" + id + "/trainings", operator.key(), training);
        Http.Answer again = http.post("/api/v1/facilitators/" + id + "/trainings", operator.key(), training);
        Http.Answer otherHours = http.post("/api/v1/facilitators/" + id + "/trainings", operator.key(),
                training.replace("14", "21"));

        assertThat(trained.status()).as(trained.body()).isEqualTo(201);
        assertThat(trained.json().get("certified").asBoolean()).isFalse();
        assertThat(trained.json().get("trainingHours").asInt()).isEqualTo(14);
        assertThat(trained.json().at("/trainings/0").propertyNames()).containsExactly("name", "hours", "completedOn");
        assertThat(trained.json().at("/trainings/0/completedOn").asString()).isEqualTo("2026-05-12");
        assertThat(again.status()).as("the same training again changes nothing").isEqualTo(200);
        assertThat(again.json().get("version").asLong()).isEqualTo(trained.json().get("version").asLong());
        assertProblem(otherHours, 409);
        assertPlaceCounts(place, 1, 0);

        Http.Answer certified = http.post("/api/v1/facilitators/" + id + "/certifications", operator.key(),
                "{\"name\":\"Animateur de tiers-lieux\",\"hours\":140,\"certifiedOn\":\"2026-06-30\"}");
        assertThat(certified.json().get("trainingHours").asInt()).as("every training's hours").isEqualTo(154);
        assertProblem(http.post("/api/v1/facilitators/" + id + "/trainings", operator.key(),
                "{\"name\":\"Animateur de tiers-lieux\",\"hours\":140,\"completedOn\":\"2026-06-30\"}"), 409);
        // the training, certified later on the same day: the certification takes its place
        Http.Answer certifiedAfter = http.post("/api/v1/facilitators/" + id + "/certifications", operator.key(),
                "{\"name\":\"Faciliter un atelier collaboratif\",\"hours\":14,\"certifiedOn\":\"2026-05-12\"}");
        assertThat(certifiedAfter.status()).as(certifiedAfter.body()).isEqualTo(201);
        assertThat(certifiedAfter.json().get("trainings").size()).isZero();
        assertThat(certifiedAfter.json().get("certifications").size()).isEqualTo(2);
        assertThat(certifiedAfter.json().get("trainingHours").asInt()).as("one course, counted once").isEqualTo(154);
        assertPlaceCounts(place, 1, 1);
        assertInvalidField(http.post("/api/v1/facilitators/" + id + "/trainings", operator.key(),
                "{\"name\":\"Plus tard\",\"hours\":7,\"completedOn\":\"2999-01-01\"}"), "completedOn");
        assertInvalidField(http.post("/api/v1/facilitators/" + id + "/trainings", operator.key(),
                "{\"name\":\"Sans heures\",\"completedOn\":\"2026-05-13\"}"), "hours");

        assertThat(http.delete("/api/v1/facilitators/" + id + "/personal-data", operator.key()).status()).isEqualTo(204);
        Http.Answer erased = http.get("/api/v1/facilitators/" + id, operator.key());
        assertThat(erased.json().get("trainings").size()).as("what could single the person out goes too").isZero();
        assertProblem(http.post("/api/v1/facilitators/" + id + "/trainings", operator.key(),
                training.replace("05-12", "05-14")), 409);
    }

    @Test
    void erasureRemovesThePersonFromTheStoreAndNoRecordOnKafkaEverHeldIt() {
        String place = newPlace(null);
        Person person = Person.unique();
        String id = http.post("/api/v1/facilitators", nationalKey, person.json(place)).json().get("id").asString();
        http.post("/api/v1/facilitators/" + id + "/certifications", nationalKey,
                "{\"name\":\"Médiation numérique\",\"hours\":35,\"certifiedOn\":\"2025-03-01\"}");
        assertPlaceCounts(place, 1, 1);
        try (MongoClient mongo = MongoClients.create(TestStack.mongoUri())) {
            assertThat(everything(mongo.getDatabase(DATABASE))).as("the store holds the person before erasure")
                    .contains(person.lastName());

            assertThat(http.delete("/api/v1/facilitators/" + id + "/personal-data", nationalKey).status()).isEqualTo(204);

            assertThat(everything(mongo.getDatabase(DATABASE))).doesNotContain(person.firstName())
                    .doesNotContain(person.lastName()).doesNotContain(person.email()).doesNotContain(person.phone());
        }
        Http.Answer erased = http.get("/api/v1/facilitators/" + id, nationalKey);
        assertThat(erased.json().get("erased").asBoolean()).isTrue();
        assertThat(erased.json().get("lastName").isNull()).isTrue();
        assertThat(http.delete("/api/v1/facilitators/" + id + "/personal-data", nationalKey).status())
                .as("erasing again changes nothing").isEqualTo(204);
        assertProblem(http.post("/api/v1/facilitators/" + id + "/certifications", nationalKey,
                "{\"name\":\"Autre\",\"hours\":7,\"certifiedOn\":\"2025-03-02\"}"), 409);
        assertPlaceCounts(place, 0, 0);

        readUntil(RegistryTopics.STATE, RegistryTopics.thirdPlaceStateKey(place), records -> EventJson.read(records.get(records.size() - 1).value(),
                ThirdPlaceState.class).facilitators() == 0 && records.size() > 2);
        assertNothingOnTheTopicsNames(id);
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(readAll(RegistryTopics.EVENTS));
        all.addAll(readAll(RegistryTopics.STATE));
        for (ConsumerRecord<String, byte[]> record : all) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            assertThat(value).doesNotContain(person.firstName()).doesNotContain(person.lastName())
                    .doesNotContain(person.email()).doesNotContain(person.phone());
        }
    }

    /**
     * No record on the registry's topics is keyed by the facilitator's pseudonymous id or holds it:
     * linked to their tiers-lieu, it would be the person (read once the place's own events are out).
     */
    private static void assertNothingOnTheTopicsNames(String facilitatorId) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(readAll(RegistryTopics.EVENTS));
        all.addAll(readAll(RegistryTopics.STATE));
        assertThat(all).as("records read").isNotEmpty();
        assertThat(all).noneSatisfy(record -> assertThat(record.key()).isEqualTo(facilitatorId));
        assertThat(all).noneSatisfy(record -> assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .contains(facilitatorId));
    }

    @Autowired
    FacilitatorCounts counts;

    @Test
    void countsLeftBehindByACrashBetweenTheTwoWritesAreRepaired() {
        String place = newPlace(null);
        http.post("/api/v1/facilitators", nationalKey, Person.unique().json(place));
        assertPlaceCounts(place, 1, 0);
        try (MongoClient mongo = MongoClients.create(TestStack.mongoUri())) {
            mongo.getDatabase(DATABASE).getCollection("third_places").updateOne(Filters.eq("_id", place),
                    Updates.combine(Updates.set("state.facilitators", 3), Updates.set("state.certifiedFacilitators", 2)));
        }
        assertPlaceCounts(place, 3, 2);

        counts.repairAll();

        assertPlaceCounts(place, 1, 0);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyRegistersOnce() {
        String place = newPlace(null);
        Person person = Person.unique();
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

        Http.Answer first = http.post("/api/v1/facilitators", nationalKey, person.json(place), key);
        Http.Answer second = http.post("/api/v1/facilitators", nationalKey, person.json(place), key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertPlaceCounts(place, 1, 0);
        assertProblem(http.post("/api/v1/facilitators", nationalKey, Person.unique().json(place), key), 409);
    }

    @Test
    void theRetryOfARegistrationAfterTheErasureSaysSoAndStoresThePersonNoMore() {
        String place = newPlace(null);
        Person person = Person.unique();
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        String id = http.post("/api/v1/facilitators", nationalKey, person.json(place), key).json().get("id").asString();
        assertThat(http.delete("/api/v1/facilitators/" + id + "/personal-data", nationalKey).status()).isEqualTo(204);

        Http.Answer retried = http.post("/api/v1/facilitators", nationalKey, person.json(place), key);

        assertProblem(retried, 409);
        assertThat(retried.json().get("detail").asString()).contains(id).contains("erased")
                .contains("personal data").doesNotContain("A different facilitator");
        assertThat(retried.body()).doesNotContain(person.lastName());
        Http.Answer stored = http.get("/api/v1/facilitators/" + id, nationalKey);
        assertThat(stored.json().get("erased").asBoolean()).isTrue();
        assertThat(stored.json().get("lastName").isNull()).isTrue();
        assertThat(stored.json().get("version").asLong()).isEqualTo(2);
        try (MongoClient mongo = MongoClients.create(TestStack.mongoUri())) {
            assertThat(everything(mongo.getDatabase(DATABASE))).doesNotContain(person.lastName());
        }
        assertPlaceCounts(place, 0, 0);
    }

    @Autowired
    SettableClock clock;

    @Test
    void aCertificationMayBeDatedTodayInFranceWhileItIsStillYesterdayInUtc() {
        String place = newPlace(null);
        String id = http.post("/api/v1/facilitators", nationalKey, Person.unique().json(place)).json().get("id").asString();

        // 22:30 in UTC on 30 June is already 1 July in France
        clock.at(Instant.parse("2026-06-30T22:30:00Z"), () -> {
            Http.Answer today = http.post("/api/v1/facilitators/" + id + "/certifications", nationalKey,
                    "{\"name\":\"Animateur de tiers-lieux\",\"hours\":140,\"certifiedOn\":\"2026-07-01\"}");
            assertThat(today.status()).as(today.body()).isEqualTo(201);
            assertInvalidField(http.post("/api/v1/facilitators/" + id + "/certifications", nationalKey,
                    "{\"name\":\"Médiation numérique\",\"hours\":35,\"certifiedOn\":\"2026-07-02\"}"), "certifiedOn");
        });
        assertThat(http.get("/api/v1/facilitators/" + id, nationalKey).json().get("certifications").size()).isEqualTo(1);
    }

    @Test
    void onlyTheNationalStructureAndTheEmployingOperatorSeeOrChangeAFacilitator() {
        Org operator = newOrganisation("THIRD_PLACE");
        Org stranger = newOrganisation("THIRD_PLACE");
        Org analyst = newOrganisation("ANALYST");
        String place = newPlace(operator.id());
        Person person = Person.unique();

        assertProblem(http.post("/api/v1/facilitators", stranger.key(), person.json(place)), 403);
        assertProblem(http.post("/api/v1/facilitators", analyst.key(), person.json(place)), 403);
        assertPlaceCounts(place, 0, 0);
        String id = http.post("/api/v1/facilitators", operator.key(), person.json(place)).json().get("id").asString();

        assertProblem(http.get("/api/v1/facilitators/" + id, stranger.key()), 403);
        assertProblem(http.get("/api/v1/facilitators/" + id, analyst.key()), 403);
        assertProblem(http.post("/api/v1/facilitators/" + id + "/certifications", stranger.key(),
                "{\"name\":\"Animateur\",\"hours\":10,\"certifiedOn\":\"2025-01-01\"}"), 403);
        assertProblem(http.delete("/api/v1/facilitators/" + id + "/personal-data", stranger.key()), 403);
        Http.Answer intact = http.get("/api/v1/facilitators/" + id, nationalKey);
        assertThat(intact.json().get("lastName").asString()).isEqualTo(person.lastName());
        assertThat(intact.json().get("certifications").size()).isZero();
    }

    @Test
    void invalidFacilitatorsNameEachFieldAndStoreNothing() {
        String place = newPlace(null);

        Http.Answer answer = http.post("/api/v1/facilitators", nationalKey, "{\"thirdPlaceId\":\"" + place + "\","
                + "\"firstName\":\"\",\"lastName\":\"A\\u0007B\",\"email\":\"not-an-email\",\"phone\":\"call me\"}");
        assertInvalidField(answer, "firstName");
        assertInvalidField(answer, "lastName");
        assertInvalidField(answer, "email");
        assertInvalidField(answer, "phone");
        assertInvalidField(http.post("/api/v1/facilitators", nationalKey, Person.unique().json("tl-" + UUID.randomUUID())),
                "thirdPlaceId");
        assertPlaceCounts(place, 0, 0);

        String id = http.post("/api/v1/facilitators", nationalKey, Person.unique().json(place)).json().get("id").asString();
        Http.Answer certification = http.post("/api/v1/facilitators/" + id + "/certifications", nationalKey,
                "{\"name\":\" \",\"hours\":0,\"certifiedOn\":\"2999-01-01\"}");
        assertInvalidField(certification, "name");
        assertInvalidField(certification, "hours");
        assertInvalidField(certification, "certifiedOn");
        assertInvalidField(http.post("/api/v1/facilitators/" + id + "/certifications", nationalKey,
                "{\"name\":\"x\",\"hours\":\"ten\",\"certifiedOn\":\"2025-01-01\"}"), "hours");
        assertInvalidField(http.post("/api/v1/facilitators/" + id + "/certifications", nationalKey,
                "{\"name\":\"x\",\"hours\":10,\"certifiedOn\":\"0001-01-01\"}"), "certifiedOn");
        assertThat(http.get("/api/v1/facilitators/" + id, nationalKey).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void aFacilitatorsIdIsTheRegistrysNeverTheClients() {
        // the id is the events' key and subject, kept forever: one such as "marie-dupont" would carry the person
        String place = newPlace(null);
        Person person = Person.unique();
        String chosen = "{\"id\":\"" + person.lastName() + "\"," + person.json(place).substring(1);

        Http.Answer refused = http.post("/api/v1/facilitators", nationalKey, chosen);

        assertInvalidField(refused, "id");
        assertThat(refused.json().toString()).doesNotContain(person.lastName());
        assertProblem(http.get("/api/v1/facilitators/" + person.lastName(), nationalKey), 404);
        assertPlaceCounts(place, 0, 0);

        String key = UUID.randomUUID().toString();
        Http.Answer registered = http.post("/api/v1/facilitators", nationalKey, person.json(place),
                Map.of("Idempotency-Key", key));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.json().get("id").asString()).doesNotContain(person.lastName()).doesNotContain(key);

        // a key that is the person's e-mail: the id must not be what anyone could compute from a guess
        String email = person.lastName().toLowerCase(java.util.Locale.ROOT) + "@example.org";
        Http.Answer byEmail = http.post("/api/v1/facilitators", nationalKey, Person.unique().json(place),
                Map.of("Idempotency-Key", email));
        assertThat(byEmail.status()).as(byEmail.body()).isEqualTo(201);
        assertThat(byEmail.json().get("id").asString()).isNotEqualTo(UUID.nameUUIDFromBytes(("national|facilitator|" + email)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
    }

    @Test
    void aPlacesFacilitatorsAreListedForItsOperatorSoThatALostIdIsFoundAgain() {
        Org operator = newOrganisation("THIRD_PLACE");
        Org stranger = newOrganisation("THIRD_PLACE");
        String place = newPlace(operator.id());
        Person person = Person.unique();
        // a registration retried without an Idempotency-Key: the first answer was lost, a second id made
        String lost = http.post("/api/v1/facilitators", operator.key(), person.json(place)).json().get("id").asString();
        String kept = http.post("/api/v1/facilitators", operator.key(), person.json(place)).json().get("id").asString();

        Http.Answer listed = http.get("/api/v1/facilitators?thirdPlaceId=" + place, operator.key());

        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().get("total").asLong()).isEqualTo(2);
        List<String> ids = new ArrayList<>();
        listed.json().get("items").forEach(item -> {
            ids.add(item.get("id").asString());
            assertThat(item.get("lastName").asString()).isEqualTo(person.lastName());
        });
        assertThat(ids).containsExactlyInAnyOrder(lost, kept);
        assertThat(http.delete("/api/v1/facilitators/" + lost + "/personal-data", operator.key()).status()).isEqualTo(204);
        assertPlaceCounts(place, 1, 0);
        assertThat(http.get("/api/v1/facilitators?thirdPlaceId=" + place + "&size=1&page=1", operator.key()).json()
                .get("items").size()).as("the second page of one").isEqualTo(1);

        assertProblem(http.get("/api/v1/facilitators?thirdPlaceId=" + place, stranger.key()), 403);
        assertProblem(http.get("/api/v1/facilitators?thirdPlaceId=tl-" + UUID.randomUUID(), nationalKey), 404);
        assertInvalidField(http.get("/api/v1/facilitators", nationalKey), "thirdPlaceId");
    }

    @Test
    void unknownFacilitatorsAre404() {
        String unknown = UUID.randomUUID().toString();
        assertProblem(http.get("/api/v1/facilitators/" + unknown, nationalKey), 404);
        assertProblem(http.post("/api/v1/facilitators/" + unknown + "/certifications", nationalKey,
                "{\"name\":\"x\",\"hours\":1,\"certifiedOn\":\"2025-01-01\"}"), 404);
        assertProblem(http.delete("/api/v1/facilitators/" + unknown + "/personal-data", nationalKey), 404);
    }

    private void assertPlaceCounts(String place, int facilitators, int certified) {
        Http.Answer answer = http.get("/api/v1/third-places/" + place, nationalKey);
        assertThat(answer.json().get("facilitators").asInt()).as("facilitators").isEqualTo(facilitators);
        assertThat(answer.json().get("certifiedFacilitators").asInt()).as("certified").isEqualTo(certified);
    }

    private static String everything(MongoDatabase database) {
        StringBuilder all = new StringBuilder();
        for (String name : database.listCollectionNames()) {
            for (Document doc : database.getCollection(name).find()) {
                all.append(doc.toJson()).append('\n');
            }
        }
        return all.toString();
    }

    /** Names no other test uses, so that finding them anywhere means they came from this test. */
    record Person(String firstName, String lastName, String email, String phone) {
        static Person unique() {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            var random = java.util.concurrent.ThreadLocalRandom.current();
            return new Person("Zéphyrine" + tag, "Quimper-Exemple" + tag, "zephyrine." + tag + "@example.org",
                    String.format("+33 6 %02d %02d %02d %02d", random.nextInt(100), random.nextInt(100),
                            random.nextInt(100), random.nextInt(100)));
        }

        String json(String thirdPlaceId) {
            return "{\"thirdPlaceId\":\"" + thirdPlaceId + "\",\"firstName\":\"" + firstName + "\",\"lastName\":\""
                    + lastName + "\",\"email\":\"" + email + "\",\"phone\":\"" + phone + "\"}";
        }
    }
}
