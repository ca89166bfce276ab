package fr.maillage.partnership.store;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import fr.maillage.partnership.PartnershipIntegrationTest;
import fr.maillage.partnership.domain.Commitment;
import fr.maillage.partnership.domain.FundDefinition;
import fr.maillage.partnership.domain.FundKind;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A writer that stops right after the guarded update (a crash, the store going away) leaves its
 * operation pending in the fund document: the sweep publishes it, with the state it produced.
 */
class PendingFundEventsTest extends PartnershipIntegrationTest {

    @Autowired
    FundStore funds;

    @Autowired
    MongoDatabase database;

    @Test
    void operationsLeftPendingByAnInterruptedWriterArePublishedInOrder() {
        String fundId = "test-sweep-" + UUID.randomUUID();
        funds.open(new FundDefinition(fundId, FundKind.INVESTMENT, null, "Enveloppe", 10_000), Instant.now());
        Instant now = Instant.now();

        assertThat(funds.recordCommitment(fundId, Commitment.of("c-1", 3_000, "Aménagement", "tl-1", null, now))).isPresent();
        assertThat(funds.recordCommitment(fundId, Commitment.of("c-2", 2_500, "Équipement", null, "org-1", now))).isPresent();
        assertThat(funds.recordCommitment(fundId, Commitment.of("c-3", 6_000, "Trop", "tl-1", null, now)))
                .as("the guard holds without the publication step").isEmpty();

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Document doc = database.getCollection(FundStore.COLLECTION).find(Filters.eq("_id", fundId)).first();
            return doc.getList("pending", Document.class).isEmpty()
                    && doc.get("published", Document.class).get("version", Number.class).longValue() == 3;
        });
        List<Published> events = awaitEvents(fundId, 3);
        assertThat(events).extracting(Published::type).containsExactly(type("fund.opened"),
                type("fund.commitment-made"), type("fund.commitment-made"));
        assertThat(events).extracting(e -> e.payload().get("version").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(events).extracting(e -> e.payload().at("/fund/committedEur").asLong()).containsExactly(0L, 3_000L, 5_500L);
        assertThat(funds.find(fundId).orElseThrow().committedEur()).isEqualTo(5_500);
    }

    @Test
    void aFundsUpdatedAtStaysTheLatestWhenAnEarlierStampedCommitmentLandsLast() {
        String fundId = "test-time-" + UUID.randomUUID();
        Instant opened = Instant.parse("2026-03-01T10:00:00Z");
        funds.open(new FundDefinition(fundId, FundKind.INVESTMENT, null, "Enveloppe", 10_000), opened);
        // a whole second, then half a second before it: as Instant#toString writes them, "…:05Z" sorts after "…:04.5Z"
        Instant first = opened.plusSeconds(5);
        Instant stampedEarlier = opened.plusMillis(4_500);

        funds.commit(fundId, Commitment.of("c-1", 1_000, "Aménagement", "tl-1", null, first)).orElseThrow();
        funds.commit(fundId, Commitment.of("c-2", 1_000, "Équipement", "tl-1", null, stampedEarlier)).orElseThrow();
        assertThat(funds.find(fundId).orElseThrow().updatedAt()).isEqualTo(first);
        funds.commit(fundId, Commitment.of("c-3", 1_000, "Mobilier", "tl-1", null, opened.plusMillis(5_250))).orElseThrow();
        assertThat(funds.find(fundId).orElseThrow().updatedAt()).isEqualTo(opened.plusMillis(5_250));

        List<Published> events = awaitEvents(fundId, 4);
        assertThat(events).extracting(e -> Instant.parse(e.payload().at("/fund/updatedAt").asText()))
                .containsExactly(opened, first, first, opened.plusMillis(5_250));
    }
}
