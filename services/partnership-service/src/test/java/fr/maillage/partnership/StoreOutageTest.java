package fr.maillage.partnership;

import fr.maillage.testsupport.Http;
import fr.maillage.testsupport.TestStack;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static fr.maillage.partnership.RegistryFixture.NANTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A write reaching a store that has gone away: a clear 503 to retry (the key is checked from
 * memory, so the write itself meets the outage), and the retry with its Idempotency-Key has one effect.
 */
class StoreOutageTest extends PartnershipIntegrationTest {

    /**
     * The probes answer with their HTTP status, which is all Kubernetes and Docker look at: a mapping
     * of DEGRADED alone once made every other status 200, and readiness never failed.
     */
    @Test
    void readinessFailsWithAn503WhileTheStoreIsDownAndLivenessDoesNot() {
        Http.Answer[] probes = TestStack.whileMongoIsDown(() -> {
            Http.Answer readiness = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> http.get("/actuator/health/readiness", null), answer -> answer.status() != 200);
            return new Http.Answer[]{readiness, http.get("/actuator/health/liveness", null)};
        });

        assertThat(probes[0].status()).as(probes[0].body()).isEqualTo(503);
        assertThat(probes[0].body()).startsWith("{").contains("\"status\":\"DOWN\"");
        assertThat(probes[1].status()).as("a restart would not bring the store back").isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> http.get("/actuator/health/readiness", null).status() == 200);
    }

    @Test
    void anOfferWhileTheStoreIsDownIs503AndItsRetryOffersItOnce() {
        Map<String, String> idempotency = Map.of("Idempotency-Key", "outage-" + UUID.randomUUID());
        String body = "{\"communeCode\":\"44109\"," + PremisesApiTest.SHOP + "}";

        Http.Answer refused = TestStack.whileMongoIsDown(() ->
                http.post("/api/v1/premises", NANTES.key(), body, idempotency));

        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).isEqualTo("5");
        assertThat(refused.json().get("detail").asString()).contains("store cannot be reached");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> http.post("/api/v1/premises", NANTES.key(), body, idempotency).status() / 100 == 2);
        Http.Answer again = http.post("/api/v1/premises", NANTES.key(), body, idempotency);
        assertThat(again.status()).as("a retry changes nothing").isEqualTo(200);
        assertThat(again.json().get("version").asLong()).isEqualTo(1);
        assertThat(awaitEvents(again.json().get("id").asString(), 1)).extracting(Published::type)
                .as("offered once, whatever the retries").containsExactly(type("premises.offered"));
    }
}
