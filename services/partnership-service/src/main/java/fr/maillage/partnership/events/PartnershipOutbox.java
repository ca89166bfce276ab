package fr.maillage.partnership.events;

import fr.maillage.events.Contracts;
import fr.maillage.events.EventJson;
import fr.maillage.events.EventType;
import fr.maillage.events.partnership.FundCommitmentCancelled;
import fr.maillage.events.partnership.FundCommitmentMade;
import fr.maillage.events.partnership.FundOpened;
import fr.maillage.events.partnership.FundReconfigured;
import fr.maillage.events.partnership.PartnershipEvents;
import fr.maillage.events.partnership.PartnershipTopics;
import fr.maillage.events.partnership.PremisesEvent;
import fr.maillage.messaging.OutboxEntry;
import fr.maillage.partnership.domain.Commitment;
import fr.maillage.partnership.domain.Fund;
import fr.maillage.partnership.domain.FundOperation;
import fr.maillage.partnership.domain.Outcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What the partnership-service publishes, keyed by premises or fund id, as outbox entries. */
public final class PartnershipOutbox {

    private PartnershipOutbox() {
    }

    /** The events of one premises change, in the order the aggregate gave them. */
    public static List<OutboxEntry> of(Outcome.Changed change) {
        return change.events().stream().map(PartnershipOutbox::entry).toList();
    }

    public static OutboxEntry fundOpened(Fund fund) {
        return entry(PartnershipEvents.FUND_OPENED, UUID.randomUUID().toString(), fund.id(), fund.updatedAt(),
                new FundOpened(fund.id(), fund.version(), fund.updatedAt(), fund.toState()));
    }

    /** The fund after a run of operations, and one event per operation carrying the state it produced. */
    public record Emission(Fund after, List<OutboxEntry> entries) {
    }

    public static Emission fundEvents(Fund published, List<FundOperation> operations) {
        Fund fund = published;
        List<OutboxEntry> entries = new ArrayList<>();
        for (FundOperation operation : operations) {
            Fund before = fund;
            fund = fund.after(operation);
            entries.add(fundEvent(before, fund, operation));
        }
        return new Emission(fund, entries);
    }

    private static OutboxEntry fundEvent(Fund before, Fund fund, FundOperation operation) {
        String id = fund.id();
        if (operation instanceof FundOperation.Committed committed) {
            Commitment c = committed.commitment();
            return entry(PartnershipEvents.FUND_COMMITMENT_MADE, operation.eventId(), id, operation.at(),
                    new FundCommitmentMade(id, fund.version(), operation.at(), c.commitmentId(), c.amountEur(),
                            c.thirdPlaceId(), c.organisationId(), fund.toState()));
        }
        if (operation instanceof FundOperation.Cancelled cancelled) {
            return entry(PartnershipEvents.FUND_COMMITMENT_CANCELLED, operation.eventId(), id, operation.at(),
                    new FundCommitmentCancelled(id, fund.version(), operation.at(), cancelled.commitmentId(),
                            cancelled.amountEur(), fund.toState()));
        }
        return entry(PartnershipEvents.FUND_RECONFIGURED, operation.eventId(), id, operation.at(),
                new FundReconfigured(id, fund.version(), operation.at(), before.budgetEur(), fund.toState()));
    }

    private static OutboxEntry entry(PremisesEvent event) {
        return entry(Contracts.ofPayload(event), UUID.randomUUID().toString(), event.premisesId(), event.occurredAt(),
                event);
    }

    private static <T> OutboxEntry entry(EventType<T> type, String eventId, String key, Instant time, T payload) {
        return OutboxEntry.of(PartnershipTopics.EVENTS, key,
                EventJson.toCloudEvent(type, UUID.fromString(eventId), key, time, payload));
    }
}
