package fr.maillage.registry;

import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.testsupport.Http;
import fr.maillage.testsupport.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store going away: a clear 503 to retry, not a 500, and the retry has one effect. The key
 * check reads the same store, so each case says where the request meets the outage.
 */
class StoreOutageTest extends RegistryIntegrationTest {

    @Autowired
    RememberedCallers callers;

    @Test
    void aWriteWhileTheStoreIsDownIs503AndItsRetryRegistersThePlaceOnce() {
        String id = "outage-" + UUID.randomUUID();
        String body = "{\"id\":\"" + id + "\",\"name\":\"Tiers-lieu pendant la panne\",\"communeCode\":\"44109\"}";
        assertThat(http.get("/api/v1/organisations/national", nationalKey).status()).isEqualTo(200); // the key, seen

        Http.Answer[] refused = new Http.Answer[1];
        callers.whileStoreIsOut(() -> refused[0] = TestStack.whileMongoIsDown(() ->
                http.post("/api/v1/third-places", nationalKey, body)));

        assertThat(refused[0].status()).as(refused[0].body()).isEqualTo(503);
        assertThat(refused[0].contentType()).startsWith("application/problem+json");
        assertThat(refused[0].header("Retry-After")).isEqualTo("5");
        assertThat(refused[0].json().get("detail").asString()).as("the write met the outage, not the key check")
                .contains("a write that creates something with the same id").doesNotContain("API key");
        assertThat(refused[0].body()).doesNotContain("Exception");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> http.post("/api/v1/third-places", nationalKey, body).status() / 100 == 2);
        assertThat(http.post("/api/v1/third-places", nationalKey, body).status()).as("a retry changes nothing").isEqualTo(200);
        assertThat(http.get("/api/v1/third-places/" + id, nationalKey).json().path("version").asLong()).isEqualTo(1);
        readUntil(RegistryTopics.EVENTS, id); // published: then every record of the topic so far
        assertThat(readAll(RegistryTopics.EVENTS)).filteredOn(record -> id.equals(record.key()))
                .extracting(RegistryIntegrationTest::type).as("one registration")
                .containsExactly("fr.maillage.registry.third-place.registered.v1");
    }

    @Test
    void aKeyThatCannotBeCheckedWhileTheStoreIsDownIs503NotA401() {
        Http.Answer refused = TestStack.whileMongoIsDown(() -> http.get("/api/v1/organisations/national", nationalKey));

        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.json().get("detail").asString()).contains("the API key cannot be checked");
        assertThat(refused.header("Retry-After")).isNotNull();
    }
}
