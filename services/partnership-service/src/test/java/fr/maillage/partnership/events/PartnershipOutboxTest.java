package fr.maillage.partnership.events;

import fr.maillage.events.EventJson;
import fr.maillage.events.partnership.FundCommitmentCancelled;
import fr.maillage.events.partnership.FundCommitmentMade;
import fr.maillage.events.partnership.FundReconfigured;
import fr.maillage.events.partnership.PartnershipTopics;
import fr.maillage.messaging.OutboxEntry;
import fr.maillage.partnership.domain.Commitment;
import fr.maillage.partnership.domain.Fund;
import fr.maillage.partnership.domain.FundDefinition;
import fr.maillage.partnership.domain.FundKind;
import fr.maillage.partnership.domain.FundOperation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartnershipOutboxTest {

    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    static final Fund OPENED = Fund.open(new FundDefinition("endowment-2020", FundKind.ENDOWMENT, 2020,
            "Fonds de dotation 2020", 1_000), T0);

    @Test
    void pendingOperationsBecomeOneEventEachCarryingTheStateTheyProduced() {
        List<FundOperation> operations = List.of(
                new FundOperation.Committed("00000000-0000-4000-8000-000000000001", commitment("c-1", 600)),
                new FundOperation.Committed("00000000-0000-4000-8000-000000000002", commitment("c-2", 400)),
                new FundOperation.Cancelled("00000000-0000-4000-8000-000000000003", "c-1", 600, T0.plusSeconds(3)),
                new FundOperation.Budgeted("00000000-0000-4000-8000-000000000004", "Fonds de dotation 2020", 2_000,
                        T0.plusSeconds(4)));

        PartnershipOutbox.Emission emission = PartnershipOutbox.fundEvents(OPENED, operations);

        assertThat(emission.after().version()).isEqualTo(5);
        assertThat(emission.after().committedEur()).isEqualTo(400);
        assertThat(emission.after().budgetEur()).isEqualTo(2_000);
        List<OutboxEntry> entries = emission.entries();
        assertThat(entries).extracting(OutboxEntry::topic).containsOnly(PartnershipTopics.EVENTS);
        assertThat(entries).extracting(OutboxEntry::key).containsOnly("endowment-2020");
        assertThat(entries).extracting(OutboxEntry::eventId).containsExactly(
                "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002",
                "00000000-0000-4000-8000-000000000003", "00000000-0000-4000-8000-000000000004");
        FundCommitmentMade first = EventJson.read(entries.get(0).payload(), FundCommitmentMade.class);
        assertThat(first.version()).isEqualTo(2);
        assertThat(first.fund().committedEur()).isEqualTo(600);
        FundCommitmentMade second = EventJson.read(entries.get(1).payload(), FundCommitmentMade.class);
        assertThat(second.fund().committedEur()).isEqualTo(1_000);
        FundCommitmentCancelled cancelled = EventJson.read(entries.get(2).payload(), FundCommitmentCancelled.class);
        assertThat(cancelled.version()).isEqualTo(4);
        assertThat(cancelled.fund().committedEur()).isEqualTo(400);
        FundReconfigured budgeted = EventJson.read(entries.get(3).payload(), FundReconfigured.class);
        assertThat(budgeted.version()).isEqualTo(5);
        assertThat(budgeted.fund().budgetEur()).isEqualTo(2_000);
        assertThat(budgeted.previousBudgetEur()).isEqualTo(OPENED.budgetEur());
        assertThat(entries.get(3).headers()).containsEntry("ce_type", "fr.maillage.partnership.fund.reconfigured.v1");
    }

    @Test
    void aRunThatWouldPassTheBudgetCannotBeTurnedIntoEvents() {
        List<FundOperation> operations = List.of(
                new FundOperation.Committed("00000000-0000-4000-8000-000000000001", commitment("c-1", 600)),
                new FundOperation.Committed("00000000-0000-4000-8000-000000000002", commitment("c-2", 600)));

        assertThatThrownBy(() -> PartnershipOutbox.fundEvents(OPENED, operations)).isInstanceOf(IllegalStateException.class);
    }

    private static Commitment commitment(String id, long amount) {
        return Commitment.of(id, amount, "Fabrique de territoire", "tl-1", null, T0.plusSeconds(1));
    }
}
