package fr.maillage.registry;

import fr.maillage.testsupport.Http;
import fr.maillage.testsupport.TestStack;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store going away: a clear 503 to retry, not a 500 (the registry reads keys from its store, so
 * here the key check meets the outage), and the retry has one effect.
 */
class StoreOutageTest extends RegistryIntegrationTest {

    @Test
    void aWriteWhileTheStoreIsDownIs503AndItsRetryRegistersThePlaceOnce() {
        String id = "outage-" + UUID.randomUUID();
        String body = "{\"id\":\"" + id + "\",\"name\":\"Tiers-lieu pendant la panne\",\"communeCode\":\"44109\"}";

        Http.Answer refused = TestStack.whileMongoIsDown(() ->
                http.post("/api/v1/third-places", nationalKey, body));

        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).isEqualTo("5");
        assertThat(refused.json().get("detail").asString()).contains("store cannot be reached");
        assertThat(refused.body()).doesNotContain("Exception");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> http.post("/api/v1/third-places", nationalKey, body).status() / 100 == 2);
        assertThat(http.post("/api/v1/third-places", nationalKey, body).status()).as("a retry changes nothing").isEqualTo(200);
        assertThat(http.get("/api/v1/third-places/" + id, nationalKey).json().path("version").asLong()).isEqualTo(1);
    }
}
