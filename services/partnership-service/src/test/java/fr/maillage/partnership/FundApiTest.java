package fr.maillage.partnership;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import fr.maillage.partnership.domain.Fund;
import fr.maillage.partnership.domain.FundDefinition;
import fr.maillage.partnership.domain.FundKind;
import fr.maillage.partnership.store.FundStore;
import fr.maillage.testsupport.Http;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static fr.maillage.partnership.RegistryFixture.APPLICANTS;
import static fr.maillage.partnership.RegistryFixture.NANTES;
import static fr.maillage.partnership.RegistryFixture.NATIONAL;
import static fr.maillage.partnership.RegistryFixture.PLACE;
import static fr.maillage.partnership.RegistryFixture.THIRD_PLACE;
import static org.assertj.core.api.Assertions.assertThat;

class FundApiTest extends PartnershipIntegrationTest {

    static final String LEDGER = "test-ledger";

    @Autowired
    FundStore funds;

    @Autowired
    MongoDatabase database;

    @Test
    void anyKeyListsTheConfiguredEnvelopesOpenedAtStartUp() {
        Http.Answer answer = http.get("/api/v1/funds", THIRD_PLACE.key());

        assertThat(answer.status()).isEqualTo(200);
        List<JsonNode> envelopes = List.copyOf(answer.json().values());
        for (int year = 2019; year <= 2021; year++) {
            String id = "endowment-" + year;
            int expectedYear = year;
            assertThat(envelopes).filteredOn(f -> f.get("id").asString().equals(id)).singleElement().satisfies(f -> {
                assertThat(f.get("kind").asString()).isEqualTo("ENDOWMENT");
                assertThat(f.get("year").asInt()).isEqualTo(expectedYear);
                assertThat(f.get("budgetEur").asLong()).isEqualTo(20_000_000);
                assertThat(f.get("availableEur").asLong()).isEqualTo(f.get("budgetEur").asLong() - f.get("committedEur").asLong());
            });
        }
        assertThat(envelopes).filteredOn(f -> f.get("id").asString().equals("investment")).singleElement().satisfies(f -> {
            assertThat(f.get("kind").asString()).isEqualTo("INVESTMENT");
            assertThat(f.get("year").isNull()).isTrue();
            assertThat(f.get("budgetEur").asLong()).isEqualTo(50_000_000);
        });
        assertProblem(http.get("/api/v1/funds", null), 401);

        Published opened = awaitEvents("endowment-2020", 1).get(0);
        assertThat(opened.type()).isEqualTo(type("fund.opened"));
        assertThat(opened.payload().get("version").asLong()).isEqualTo(1);
        assertThat(opened.payload().at("/fund/budgetEur").asLong()).isEqualTo(20_000_000);
        assertThat(opened.payload().at("/fund/year").asInt()).isEqualTo(2020);
    }

    @Test
    void theNationalStructureCommitsAndCancelsAndRetriesHaveNoSecondEffect() {
        JsonNode before = fund(LEDGER);
        String commitmentId = "grant-" + UUID.randomUUID();
        String body = commitment(commitmentId, 50_000, "\"thirdPlaceId\":\"" + PLACE + "\"");

        Http.Answer first = http.post("/api/v1/funds/" + LEDGER + "/commitments", NATIONAL.key(), body);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(first.json().at("/fund/committedEur").asLong()).isEqualTo(committed(before) + 50_000);
        assertThat(first.header("Location")).isEqualTo("/api/v1/funds/" + LEDGER + "/commitments/" + commitmentId);
        long version = first.json().at("/fund/version").asLong();

        Http.Answer retry = http.post("/api/v1/funds/" + LEDGER + "/commitments", NATIONAL.key(), body);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("committedAt").asString()).isEqualTo(first.json().get("committedAt").asString());
        assertThat(committed(fund(LEDGER))).isEqualTo(committed(before) + 50_000);

        Http.Answer different = http.post("/api/v1/funds/" + LEDGER + "/commitments", NATIONAL.key(),
                commitment(commitmentId, 60_000, "\"thirdPlaceId\":\"" + PLACE + "\""));
        assertProblem(different, 409);
        assertThat(committed(fund(LEDGER))).isEqualTo(committed(before) + 50_000);

        Http.Answer cancelled = http.delete("/api/v1/funds/" + LEDGER + "/commitments/" + commitmentId, NATIONAL.key());
        assertThat(cancelled.status()).isEqualTo(204);
        JsonNode released = fund(LEDGER);
        assertThat(committed(released)).isEqualTo(committed(before));
        assertThat(released.get("version").asLong()).isEqualTo(version + 1);
        assertThat(http.get("/api/v1/funds/" + LEDGER + "/commitments/" + commitmentId, NATIONAL.key())
                .json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(http.delete("/api/v1/funds/" + LEDGER + "/commitments/" + commitmentId, NATIONAL.key()).status())
                .isEqualTo(204);
        assertThat(fund(LEDGER).get("version").asLong()).as("cancelling again changes nothing").isEqualTo(version + 1);
        assertProblem(http.post("/api/v1/funds/" + LEDGER + "/commitments", NATIONAL.key(), body), 409);

        List<Published> events = awaitEvents(LEDGER, found -> found.stream()
                .filter(e -> commitmentId.equals(text(e, "commitmentId"))).count() >= 2);
        List<Published> mine = events.stream().filter(e -> commitmentId.equals(text(e, "commitmentId"))).toList();
        assertThat(mine).extracting(Published::type)
                .containsExactly(type("fund.commitment-made"), type("fund.commitment-cancelled"));
        assertThat(mine.get(0).payload().get("version").asLong()).isEqualTo(version);
        assertThat(mine.get(0).payload().at("/fund/committedEur").asLong()).isEqualTo(committed(before) + 50_000);
        assertThat(mine.get(0).payload().get("thirdPlaceId").asString()).isEqualTo(PLACE);
        assertThat(mine.get(0).payload().has("purpose")).as("free text that may name people stays in the store")
                .isFalse();
        assertThat(mine.get(1).payload().get("version").asLong()).isEqualTo(version + 1);
        assertThat(mine.get(1).payload().at("/fund/committedEur").asLong()).isEqualTo(committed(before));
    }

    @Test
    void anEnvelopeAndItsCommitmentsAnswerWithTheFundVersionAsETag() {
        Http.Answer read = http.get("/api/v1/funds/" + LEDGER, NATIONAL.key());
        assertThat(read.header("ETag")).isEqualTo("\"" + read.json().get("version").asLong() + "\"");

        String commitmentId = "etag-" + UUID.randomUUID();
        Http.Answer committed = http.post("/api/v1/funds/" + LEDGER + "/commitments", NATIONAL.key(),
                commitment(commitmentId, 100, "\"thirdPlaceId\":\"" + PLACE + "\""));
        assertThat(committed.status()).as(committed.body()).isEqualTo(201);
        assertThat(committed.header("ETag")).isEqualTo("\"" + committed.json().at("/fund/version").asLong() + "\"");
        Http.Answer commitment = http.get("/api/v1/funds/" + LEDGER + "/commitments/" + commitmentId, NATIONAL.key());
        assertThat(commitment.header("ETag")).isEqualTo("\"" + commitment.json().at("/fund/version").asLong() + "\"");
    }

    @Test
    void aCommitmentPastTheBudgetIsRefusedAndChangesNothing() {
        JsonNode before = fund(LEDGER);
        long tooMuch = before.get("availableEur").asLong() + 1;
        String commitmentId = "too-much-" + UUID.randomUUID();

        Http.Answer refused = http.post("/api/v1/funds/" + LEDGER + "/commitments", NATIONAL.key(),
                commitment(commitmentId, tooMuch, "\"organisationId\":\"" + APPLICANTS.get(0).id() + "\""));

        assertProblem(refused, 409);
        assertThat(refused.json().get("availableEur").asLong()).isEqualTo(tooMuch - 1);
        assertThat(refused.json().get("detail").asString()).contains("past its budget");
        assertThat(fund(LEDGER).get("version").asLong()).isEqualTo(before.get("version").asLong());
        assertProblem(http.get("/api/v1/funds/" + LEDGER + "/commitments/" + commitmentId, NATIONAL.key()), 404);
    }

    @Test
    void aFundHoldingItsLimitOfCommitmentsRefusesTheNextWithAProblemAndWritesNothing() {
        String id = "test-full-" + UUID.randomUUID();
        funds.open(new FundDefinition(id, FundKind.INVESTMENT, null, "Enveloppe", 1_000_000), Instant.now());
        List<Document> made = new ArrayList<>();
        for (int i = 0; i < Fund.MAX_COMMITMENTS - 1; i++) {
            made.add(new Document("commitmentId", "c-" + i).append("amountEur", 1L).append("purpose", "p")
                    .append("thirdPlaceId", PLACE).append("organisationId", null)
                    .append("committedAt", Instant.now().toString()).append("cancelled", i % 2 == 0)
                    .append("cancelledAt", i % 2 == 0 ? Instant.now().toString() : null));
        }
        database.getCollection(FundStore.COLLECTION).updateOne(Filters.eq("_id", id),
                Updates.combine(Updates.pushEach("commitments", made), Updates.set("state.committedEur", 2_499L)));
        String path = "/api/v1/funds/" + id + "/commitments";

        Http.Answer last = http.post(path, NATIONAL.key(), commitment("last", 10, "\"thirdPlaceId\":\"" + PLACE + "\""));
        assertThat(last.status()).as(last.body()).isEqualTo(201);
        JsonNode before = fund(id);
        Http.Answer refused = http.post(path, NATIONAL.key(), commitment("one-too-many", 10,
                "\"thirdPlaceId\":\"" + PLACE + "\""));

        assertProblem(refused, 409);
        assertThat(refused.json().get("maxCommitments").asInt()).isEqualTo(Fund.MAX_COMMITMENTS);
        assertThat(refused.json().get("detail").asString()).contains("limit of 5000 commitments");
        assertThat(fund(id).get("version").asLong()).isEqualTo(before.get("version").asLong());
        assertThat(fund(id).get("committedEur").asLong()).isEqualTo(2_509);
        assertProblem(http.get(path + "/one-too-many", NATIONAL.key()), 404);
        assertThat(http.post(path, NATIONAL.key(), commitment("last", 10, "\"thirdPlaceId\":\"" + PLACE + "\"")).status())
                .as("a retry of one made is still answered").isEqualTo(200);
    }

    @Test
    void onlyTheNationalStructureCommitsToOneKnownBeneficiary() {
        String commitmentId = "rights-" + UUID.randomUUID();
        String body = commitment(commitmentId, 1_000, "\"thirdPlaceId\":\"" + PLACE + "\"");
        long version = fund(LEDGER).get("version").asLong();

        assertProblem(http.post("/api/v1/funds/" + LEDGER + "/commitments", NANTES.key(), body), 403);
        assertProblem(http.post("/api/v1/funds/" + LEDGER + "/commitments", THIRD_PLACE.key(), body), 403);
        assertProblem(http.delete("/api/v1/funds/" + LEDGER + "/commitments/" + commitmentId, THIRD_PLACE.key()), 403);
        assertFieldError(http.post("/api/v1/funds/" + LEDGER + "/commitments", NATIONAL.key(),
                commitment(commitmentId, 1_000, "\"thirdPlaceId\":\"" + PLACE + "\",\"organisationId\":\"" + NANTES.id() + "\"")),
                "organisationId");
        assertFieldError(http.post("/api/v1/funds/" + LEDGER + "/commitments", NATIONAL.key(),
                "{\"commitmentId\":\"" + commitmentId + "\",\"amountEur\":1000,\"purpose\":\"Sans bénéficiaire\"}"),
                "thirdPlaceId");
        assertFieldError(http.post("/api/v1/funds/" + LEDGER + "/commitments", NATIONAL.key(),
                commitment(commitmentId, 1_000, "\"thirdPlaceId\":\"tl-inconnu\"")), "thirdPlaceId");
        assertFieldError(http.post("/api/v1/funds/" + LEDGER + "/commitments", NATIONAL.key(),
                commitment(commitmentId, 1_000, "\"organisationId\":\"org-inconnue\"")), "organisationId");
        assertFieldError(http.post("/api/v1/funds/" + LEDGER + "/commitments", NATIONAL.key(),
                commitment(commitmentId, 0, "\"thirdPlaceId\":\"" + PLACE + "\"")), "amountEur");
        assertProblem(http.post("/api/v1/funds/no-such-fund/commitments", NATIONAL.key(), body), 404);
        assertProblem(http.delete("/api/v1/funds/" + LEDGER + "/commitments/no-such-commitment", NATIONAL.key()), 404);
        assertProblem(http.delete("/api/v1/funds/no-such-fund/commitments/" + commitmentId, NATIONAL.key()), 404);

        assertThat(fund(LEDGER).get("version").asLong()).as("nothing stored").isEqualTo(version);
        assertProblem(http.get("/api/v1/funds/" + LEDGER + "/commitments/" + commitmentId, NATIONAL.key()), 404);
        assertThat(http.post("/api/v1/funds/" + LEDGER + "/commitments", NATIONAL.key(),
                commitment(commitmentId, 1_000, "\"organisationId\":\"" + APPLICANTS.get(0).id() + "\"")).status())
                .isEqualTo(201);
    }

    @Test
    void aNewBudgetInTheConfigurationIsAppliedAndPublishedButNeverBelowWhatIsCommitted() {
        String id = "test-rebudget-" + UUID.randomUUID();
        assertThat(funds.open(new FundDefinition(id, FundKind.INVESTMENT, null, "Enveloppe", 1_000), Instant.now()))
                .isEqualTo(FundStore.Opening.OPENED);
        assertThat(funds.open(new FundDefinition(id, FundKind.INVESTMENT, null, "Enveloppe", 1_000), Instant.now()))
                .isEqualTo(FundStore.Opening.UNCHANGED);
        assertThat(funds.open(new FundDefinition(id, FundKind.INVESTMENT, null, "Enveloppe élargie", 1_500), Instant.now()))
                .isEqualTo(FundStore.Opening.BUDGET_CHANGED);
        assertThat(http.post("/api/v1/funds/" + id + "/commitments", NATIONAL.key(),
                commitment("c-1", 1_200, "\"thirdPlaceId\":\"" + PLACE + "\"")).status()).isEqualTo(201);
        assertThat(funds.open(new FundDefinition(id, FundKind.INVESTMENT, null, "Enveloppe", 1_000), Instant.now()))
                .isEqualTo(FundStore.Opening.BUDGET_BELOW_COMMITTED);

        JsonNode fund = fund(id);
        assertThat(fund.get("budgetEur").asLong()).isEqualTo(1_500);
        assertThat(fund.get("name").asString()).isEqualTo("Enveloppe élargie");
        assertThat(fund.get("availableEur").asLong()).isEqualTo(300);
        List<Published> events = awaitEvents(id, 3);
        assertThat(events).extracting(Published::type)
                .containsExactly(type("fund.opened"), type("fund.reconfigured"), type("fund.commitment-made"));
        assertThat(events.get(1).payload().get("previousBudgetEur").asLong()).isEqualTo(1_000);
        assertThat(events).extracting(e -> e.payload().at("/fund/budgetEur").asLong()).containsExactly(1_000L, 1_500L, 1_500L);
        assertThat(events).extracting(e -> e.payload().get("version").asLong()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void instancesStartingTogetherRenameTheEnvelopeOnce() throws Exception {
        for (int round = 0; round < 10; round++) {
            String id = "test-together-" + UUID.randomUUID();
            funds.open(new FundDefinition(id, FundKind.INVESTMENT, null, "Enveloppe", 1_000), Instant.now());

            List<FundStore.Opening> openings = openTogether(new FundDefinition(id, FundKind.INVESTMENT, null,
                    "Enveloppe renommée", 1_000));

            assertThat(openings).as("round %d", round)
                    .containsExactlyInAnyOrder(FundStore.Opening.BUDGET_CHANGED, FundStore.Opening.UNCHANGED);
            assertThat(fund(id).get("version").asLong()).as("round %d", round).isEqualTo(2);
            assertThat(awaitEvents(id, 2)).extracting(Published::type).as("round %d", round)
                    .containsExactly(type("fund.opened"), type("fund.reconfigured"));
        }
    }

    @Test
    void instancesStartingTogetherChangeTheBudgetOnceWithoutAFalseAlarm() throws Exception {
        for (int round = 0; round < 10; round++) {
            String id = "test-together-" + UUID.randomUUID();
            funds.open(new FundDefinition(id, FundKind.INVESTMENT, null, "Enveloppe", 1_000), Instant.now());

            List<FundStore.Opening> openings = openTogether(new FundDefinition(id, FundKind.INVESTMENT, null,
                    "Enveloppe", 1_500));

            assertThat(openings).as("round %d: nothing is committed, so no budget is below it", round)
                    .containsExactlyInAnyOrder(FundStore.Opening.BUDGET_CHANGED, FundStore.Opening.UNCHANGED);
            JsonNode fund = fund(id);
            assertThat(fund.get("budgetEur").asLong()).isEqualTo(1_500);
            assertThat(fund.get("version").asLong()).as("round %d", round).isEqualTo(2);
        }
    }

    /** Two instances' start-ups, released together, applying the same configuration. */
    private List<FundStore.Opening> openTogether(FundDefinition definition) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<FundStore.Opening>> openings = new ArrayList<>();
            for (int instance = 0; instance < 2; instance++) {
                openings.add(pool.submit(() -> {
                    start.await();
                    return funds.open(definition, Instant.now());
                }));
            }
            start.countDown();
            List<FundStore.Opening> results = new ArrayList<>();
            for (Future<FundStore.Opening> opening : openings) {
                results.add(opening.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertFieldError(Http.Answer answer, String field) {
        assertProblem(answer, 400);
        assertThat(answer.json().get("errors").values()).extracting(e -> e.get("field").asString()).contains(field);
    }

    private JsonNode fund(String id) {
        Http.Answer answer = http.get("/api/v1/funds/" + id, NATIONAL.key());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    static long committed(JsonNode fund) {
        return fund.get("committedEur").asLong();
    }

    static String commitment(String commitmentId, long amountEur, String beneficiary) {
        return "{\"commitmentId\":\"" + commitmentId + "\",\"amountEur\":" + amountEur
                + ",\"purpose\":\"Fabrique de territoire, année 1\"," + beneficiary + "}";
    }

    static String text(Published event, String field) {
        JsonNode value = event.payload().get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
