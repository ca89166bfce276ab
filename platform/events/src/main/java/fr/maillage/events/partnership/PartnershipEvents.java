package fr.maillage.events.partnership;

import fr.maillage.events.EventType;

import java.util.List;

/** Every event type the partnership-service publishes (premises, applications, agreements, funds). */
public final class PartnershipEvents {
    public static final EventType<PremisesOffered> PREMISES_OFFERED =
            new EventType<>("partnership", "premises.offered", 1, PremisesOffered.class);
    public static final EventType<PremisesApplicationReceived> PREMISES_APPLICATION_RECEIVED =
            new EventType<>("partnership", "premises.application-received", 1, PremisesApplicationReceived.class);
    public static final EventType<PremisesReserved> PREMISES_RESERVED =
            new EventType<>("partnership", "premises.reserved", 1, PremisesReserved.class);
    public static final EventType<PremisesApplicationDeclined> PREMISES_APPLICATION_DECLINED =
            new EventType<>("partnership", "premises.application-declined", 1, PremisesApplicationDeclined.class);
    public static final EventType<OccupancyAgreementSigned> OCCUPANCY_AGREEMENT_SIGNED =
            new EventType<>("partnership", "premises.agreement-signed", 1, OccupancyAgreementSigned.class);
    public static final EventType<PremisesWithdrawn> PREMISES_WITHDRAWN =
            new EventType<>("partnership", "premises.withdrawn", 1, PremisesWithdrawn.class);
    public static final EventType<FundOpened> FUND_OPENED =
            new EventType<>("partnership", "fund.opened", 1, FundOpened.class);
    public static final EventType<FundReconfigured> FUND_RECONFIGURED =
            new EventType<>("partnership", "fund.reconfigured", 1, FundReconfigured.class);
    public static final EventType<FundCommitmentMade> FUND_COMMITMENT_MADE =
            new EventType<>("partnership", "fund.commitment-made", 1, FundCommitmentMade.class);
    public static final EventType<FundCommitmentCancelled> FUND_COMMITMENT_CANCELLED =
            new EventType<>("partnership", "fund.commitment-cancelled", 1, FundCommitmentCancelled.class);

    public static final List<EventType<?>> ALL = List.of(PREMISES_OFFERED, PREMISES_APPLICATION_RECEIVED,
            PREMISES_RESERVED, PREMISES_APPLICATION_DECLINED, OCCUPANCY_AGREEMENT_SIGNED, PREMISES_WITHDRAWN,
            FUND_OPENED, FUND_RECONFIGURED, FUND_COMMITMENT_MADE, FUND_COMMITMENT_CANCELLED);

    private PartnershipEvents() {
    }
}
