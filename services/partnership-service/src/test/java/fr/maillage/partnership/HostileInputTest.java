package fr.maillage.partnership;

import fr.maillage.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;

import static fr.maillage.partnership.RegistryFixture.ANALYST;
import static fr.maillage.partnership.RegistryFixture.APPLICANTS;
import static fr.maillage.partnership.RegistryFixture.NANTES;
import static fr.maillage.partnership.RegistryFixture.NATIONAL;
import static fr.maillage.partnership.RegistryFixture.PLACE;
import static fr.maillage.partnership.RegistryFixture.THIRD_PLACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A corpus of hostile requests: each is answered 4xx problem+json, never 5xx, and stores nothing. */
class HostileInputTest extends PartnershipIntegrationTest {

    static final String VALID_FIELDS = "\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":50,"
            + "\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"communeCode\":{\"$gt\":\"\"},\"address\":\"1 rue A\",\"surfaceM2\":50,\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}",
            "{\"$where\":\"sleep(1000)\"," + VALID_FIELDS + "}",
            "{\"state.status\":\"AGREEMENT_SIGNED\"," + VALID_FIELDS + "}",
            "{\"id\":{\"$ne\":null}," + VALID_FIELDS + "}",
            "{\"id\":\"$where\"," + VALID_FIELDS + "}",
            "{\"id\":\"../../etc/passwd\"," + VALID_FIELDS + "}",
            "{\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":\"big\",\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}",
            "{\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":1e30,\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}",
            "{\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":99999999999999999999999,\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}",
            "{\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":50.5,\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}",
            "{\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":50,\"kind\":3,\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}",
            "{\"communeCode\":\"44109\",\"address\":\"1 rue\\u0000A\",\"surfaceM2\":50,\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}",
            "{\"communeCode\":\"44109\",\"address\":\"1 rue\\nA\",\"surfaceM2\":50,\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}",
            "{\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":50,\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\",\"description\":\"\\u001b[31m\"}",
            "{\"communeCode\":\"44109\",\"address\":\"1 rue\\u009b2JA\",\"surfaceM2\":50,\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}",
            "{\"communeCode\":\"44109\",\"address\":\"1 rue\\u2028A\",\"surfaceM2\":50,\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}",
            "{\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":50,\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\",\"description\":\"bail\\u202Efdp.exe\"}",
            "{\"communeCode\":\"44109\",\"communeCode\":\"75056\",\"address\":\"1 rue A\",\"surfaceM2\":50,\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}",
            "{" + VALID_FIELDS + "} {}",
            "{" + VALID_FIELDS,
            "[]",
            "null",
            "",
    })
    void hostileOffersAreRefusedAndStoreNothing(String body) {
        long before = total();
        Http.Answer answer = http.post("/api/v1/premises", NANTES.key(), body);

        assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
        assertProblem(answer, answer.status());
        assertThat(total()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void hostileApplicationsCommitmentsAndDecisionsAreRefused() {
        String premises = http.post("/api/v1/premises", NANTES.key(), "{" + VALID_FIELDS + "}").json().get("id").asString();
        String path = "/api/v1/premises/" + premises;

        assertProblem(http.post(path + "/applications", ANALYST.key(), "{\"project\":\"Un observatoire\"}"), 403);
        assertThat(http.get(path, null).json().get("applications").asInt()).as("an analyst applies for nothing").isZero();
        assertProblem(http.post(path + "/applications", APPLICANTS.get(10).key(), "{\"project\":{\"$ne\":\"\"}}"), 400);
        assertProblem(http.post(path + "/applications", APPLICANTS.get(10).key(), "{\"project\":\"\\u0007\"}"), 400);
        assertProblem(http.post(path + "/applications", APPLICANTS.get(10).key(), "{\"project\":\"" + "x".repeat(2001) + "\"}"), 400);
        assertProblem(http.post(path + "/applications", APPLICANTS.get(10).key(), "{\"project\":\"ok\",\"status\":\"RESERVED\"}"), 400);
        assertProblem(http.post(path + "/applications", APPLICANTS.get(10).key(), "{\"project\":\"ok\"}",
                Map.of("Idempotency-Key", "k".repeat(201))), 400);
        assertProblem(http.post(path + "/reservation", NANTES.key(), "{\"applicationId\":{\"$gt\":\"\"}}"), 400);
        assertProblem(http.post(path + "/reservation", NANTES.key(), "{\"applicationId\":\"a\",\"$set\":{\"status\":\"RESERVED\"}}"), 400);
        assertProblem(http.post(path + "/reservation", NANTES.key(), "{}"), 400);
        assertProblem(http.post(path + "/reservation", NANTES.key(), "{\"applicationId\":\"a\"}", Map.of("If-Match", "abc")), 400);
        assertProblem(http.post(path + "/agreement", NANTES.key(),
                "{\"applicationId\":\"a\",\"startsOn\":\"2027-02-01\",\"months\":-1,\"monthlyRentEur\":0}"), 400);
        assertProblem(http.post(path + "/agreement", NANTES.key(),
                "{\"applicationId\":\"a\",\"startsOn\":\"2027-02-31\",\"months\":12,\"monthlyRentEur\":0}"), 400);
        assertThat(http.get(path, null).json().get("version").asLong()).as("nothing stored").isEqualTo(1);

        String fund = "/api/v1/funds/test-ledger";
        long version = http.get(fund, NATIONAL.key()).json().get("version").asLong();
        String id = "hostile-" + UUID.randomUUID();
        assertProblem(http.post(fund + "/commitments", NATIONAL.key(), "{\"commitmentId\":{\"$ne\":null},\"amountEur\":10,\"purpose\":\"p\",\"thirdPlaceId\":\"" + PLACE + "\"}"), 400);
        assertProblem(http.post(fund + "/commitments", NATIONAL.key(), "{\"commitmentId\":\"a.b\",\"amountEur\":10,\"purpose\":\"p\",\"thirdPlaceId\":\"" + PLACE + "\"}"), 400);
        assertProblem(http.post(fund + "/commitments", NATIONAL.key(), "{\"commitmentId\":\"$inc\",\"amountEur\":10,\"purpose\":\"p\",\"thirdPlaceId\":\"" + PLACE + "\"}"), 400);
        assertProblem(http.post(fund + "/commitments", NATIONAL.key(), "{\"commitmentId\":\"" + id + "\",\"amountEur\":-10,\"purpose\":\"p\",\"thirdPlaceId\":\"" + PLACE + "\"}"), 400);
        assertProblem(http.post(fund + "/commitments", NATIONAL.key(), "{\"commitmentId\":\"" + id + "\",\"amountEur\":12.5,\"purpose\":\"p\",\"thirdPlaceId\":\"" + PLACE + "\"}"), 400);
        assertProblem(http.post(fund + "/commitments", NATIONAL.key(), "{\"commitmentId\":\"" + id + "\",\"amountEur\":9223372036854775808,\"purpose\":\"p\",\"thirdPlaceId\":\"" + PLACE + "\"}"), 400);
        assertProblem(http.post(fund + "/commitments", NATIONAL.key(), "{\"commitmentId\":\"" + id + "\",\"amountEur\":1000000000001,\"purpose\":\"p\",\"thirdPlaceId\":\"" + PLACE + "\"}"), 400);
        assertProblem(http.post(fund + "/commitments", NATIONAL.key(), "{\"commitmentId\":\"" + id + "\",\"amountEur\":10,\"purpose\":\"a\\u0000b\",\"thirdPlaceId\":\"" + PLACE + "\"}"), 400);
        assertProblem(http.post(fund + "/commitments", NATIONAL.key(), "{\"commitmentId\":\"" + id + "\",\"amountEur\":10,\"purpose\":\"p\",\"thirdPlaceId\":{\"$exists\":true}}"), 400);
        assertThat(http.get(fund, NATIONAL.key()).json().get("version").asLong()).as("nothing stored").isEqualTo(version);
    }

    /** JSON is UTF-8: an overlong '/' (C0 AF) is refused where it stands, not decoded into a path. */
    @Test
    void bodiesThatAreNotUtf8AreRefusedWith400AtTheirFirstBadByte() {
        long before = total();
        byte[] prefix = "{\"description\":\"..".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] suffix = ("..\"," + VALID_FIELDS + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] overlong = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, overlong, 0, prefix.length);
        overlong[prefix.length] = (byte) 0xC0;
        overlong[prefix.length + 1] = (byte) 0xAF;
        System.arraycopy(suffix, 0, overlong, prefix.length + 2, suffix.length);

        for (String path : new String[]{"/api/v1/premises", "/api/v1/premises/any-id/withdrawal"}) {
            Http.Answer answer = http.send(http.builder(path, NANTES.key()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(overlong)), Map.of());
            assertProblem(answer, 400);
            assertThat(answer.json().path("detail").asString()).as(path)
                    .isEqualTo("body: is not valid UTF-8 at byte " + prefix.length + " (JSON must be UTF-8: no overlong"
                            + " forms, surrogates or code points past U+10FFFF)");
        }
        assertThat(total()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void oversizedBodiesAreRefusedWith413() {
        long before = total();
        assertProblem(http.post("/api/v1/premises", NANTES.key(),
                "{\"description\":\"" + "x".repeat(1_100_000) + "\"," + VALID_FIELDS + "}"), 413);
        assertProblem(http.post("/api/v1/funds/test-ledger/commitments", NATIONAL.key(),
                "{\"purpose\":\"" + "x".repeat(1_100_000) + "\"}"), 413);
        assertThat(total()).isEqualTo(before);
    }

    @Test
    void wrongRolesAndKeysAreRefusedAndStoreNothing() {
        long before = total();
        String id = "role-" + UUID.randomUUID();
        String offer = "{\"id\":\"" + id + "\"," + VALID_FIELDS + "}";
        assertProblem(http.post("/api/v1/premises", ANALYST.key(), offer), 403);
        assertProblem(http.post("/api/v1/premises", THIRD_PLACE.key(), offer), 403);
        assertProblem(http.post("/api/v1/premises", NATIONAL.key(), offer), 403);
        assertProblem(http.post("/api/v1/premises", null, offer), 401);
        assertProblem(http.post("/api/v1/premises", "mlg_not_a_key", offer), 401);
        assertProblem(http.send(http.builder("/api/v1/premises", null).header("Authorization", "Basic YTpi")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(offer)), Map.of()), 401);
        assertProblem(http.get("/api/v1/funds", null), 401);
        assertProblem(http.get("/api/v1/premises/" + id + "/applications", null), 401);
        assertProblem(http.get("/actuator/metrics", NANTES.key()), 403);
        // its Kafka check gives the broker 2 s: a loaded machine may need a second look
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> http.get("/actuator/health", null).status() == 200);
        assertThat(http.get("/api/v1/premises/" + id, null).status()).isEqualTo(404);
        assertThat(total()).isEqualTo(before);
    }

    @Test
    void unknownIdsAre404AndMalformedIdsAre400() {
        assertProblem(http.get("/api/v1/premises/no-such-premises", null), 404);
        assertProblem(http.post("/api/v1/premises/no-such-premises/applications", THIRD_PLACE.key(), "{\"project\":\"p\"}"), 404);
        assertProblem(http.post("/api/v1/premises/no-such-premises/reservation", NANTES.key(), "{\"applicationId\":\"a\"}"), 404);
        assertProblem(http.post("/api/v1/premises/no-such-premises/withdrawal", NANTES.key(), ""), 404);
        assertProblem(http.get("/api/v1/premises/no-such-premises/applications", NANTES.key()), 404);
        assertProblem(http.get("/api/v1/funds/no-such-fund", NATIONAL.key()), 404);
        assertProblem(http.get("/api/v1/funds/test-ledger/commitments/no-such-commitment", NATIONAL.key()), 404);
        assertThat(http.get("/api/v1/premises/%24where", null).status()).isBetween(400, 404);
        assertThat(http.get("/api/v1/premises/..%2F..%2Fetc", null).status()).isBetween(400, 404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/premises/" + "a".repeat(300))).GET(), Map.of()).status()).isEqualTo(400);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "region=%7B%22%24ne%22%3A1%7D", "region=5", "region=82", "departement=4", "departement=20", "departement=44&region=11", "communeCode=99999",
            "communeCode=%24gt",
            "minSurfaceM2=abc", "minSurfaceM2=-1", "minSurfaceM2=99999999999999", "terms=CHEAP", "status=SOLD",
            "availableOn=2027-13-45", "availableOn=tomorrow", "availableOn=%2B10000-01-01", "availableOn=1999-12-31",
            "page=-1", "size=0", "size=100000",
    })
    void hostileSearchesAreRefusedNamingTheParameter(String query) {
        Http.Answer answer = http.get("/api/v1/premises?" + query, null);
        assertProblem(answer, 400);
        String parameter = query.substring(0, query.indexOf('='));
        assertThat(answer.body()).contains(parameter);
    }

    @Test
    void unknownSearchParametersAreRefusedNeverInterpreted() {
        Http.Answer answer = http.get("/api/v1/premises?region%5B%24ne%5D=00&state.status=WITHDRAWN&size=1", null);
        assertProblem(answer, 400);
        assertThat(answer.json().path("errors").get(0).path("field").asString()).isEqualTo("region[$ne]");
        assertThat(answer.json().path("detail").asString()).contains("it takes").contains("communeCode");
    }

    private long total() {
        return http.get("/api/v1/premises?size=1", null).json().get("total").asLong();
    }
}
