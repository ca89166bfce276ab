package fr.maillage.events;

import fr.maillage.events.partnership.FundCommitmentCancelled;
import fr.maillage.events.partnership.FundCommitmentMade;
import fr.maillage.events.partnership.FundOpened;
import fr.maillage.events.partnership.FundReconfigured;
import fr.maillage.events.partnership.FundState;
import fr.maillage.events.partnership.OccupancyAgreementSigned;
import fr.maillage.events.partnership.PartnershipEvents;
import fr.maillage.events.partnership.PremisesApplicationDeclined;
import fr.maillage.events.partnership.PremisesApplicationReceived;
import fr.maillage.events.partnership.PremisesOffered;
import fr.maillage.events.partnership.PremisesReserved;
import fr.maillage.events.partnership.PremisesState;
import fr.maillage.events.partnership.PremisesWithdrawn;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/** One realistic payload per partnership event type. */
final class PartnershipSamples {

    static final Instant AT = Instant.parse("2026-11-29T10:15:00Z");
    static PremisesState premises(String id, long version, String status, int applications, String reservedApplicationId) {
        return new PremisesState(id, version, "org-cc-erdre", "44109", "Nantes", "44", "52",
                "2 place du Commerce", 180, "FORMER_SHOP", "MODERATE_RENT", 450L, LocalDate.parse("2027-01-01"), null,
                status, applications, reservedApplicationId, AT);
    }

    static FundState fund(long version, long committedEur) {
        return new FundState("endowment-2020", version, "ENDOWMENT", 2020, "Fonds de dotation 2020",
                20_000_000, committedEur, AT);
    }

    static final Map<EventType<?>, Object> SAMPLES = Map.of(
            PartnershipEvents.PREMISES_OFFERED, new PremisesOffered("pr-1", 1, AT, premises("pr-1", 1, "OFFERED", 0, null)),
            PartnershipEvents.PREMISES_APPLICATION_RECEIVED, new PremisesApplicationReceived("pr-1", 2, AT, "app-1",
                    "org-tl-7", premises("pr-1", 2, "APPLIED", 1, null)),
            PartnershipEvents.PREMISES_RESERVED, new PremisesReserved("pr-1", 4, AT, "app-1",
                    premises("pr-1", 4, "RESERVED", 2, "app-1")),
            PartnershipEvents.PREMISES_APPLICATION_DECLINED, new PremisesApplicationDeclined("pr-1", 5, AT, "app-2",
                    premises("pr-1", 5, "RESERVED", 2, "app-1")),
            PartnershipEvents.OCCUPANCY_AGREEMENT_SIGNED, new OccupancyAgreementSigned("pr-1", 6, AT, "app-1",
                    LocalDate.parse("2027-02-01"), 36, 450, premises("pr-1", 6, "AGREEMENT_SIGNED", 2, "app-1")),
            PartnershipEvents.PREMISES_WITHDRAWN, new PremisesWithdrawn("pr-2", 2, AT, premises("pr-2", 2, "WITHDRAWN", 0, null)),
            PartnershipEvents.FUND_OPENED, new FundOpened("endowment-2020", 1, AT, fund(1, 0)),
            PartnershipEvents.FUND_RECONFIGURED, new FundReconfigured("endowment-2020", 2, AT, 15_000_000, fund(2, 0)),
            PartnershipEvents.FUND_COMMITMENT_MADE, new FundCommitmentMade("endowment-2020", 4, AT, "c-17", 50_000,
                    "tl-1", null, fund(4, 150_000)),
            PartnershipEvents.FUND_COMMITMENT_CANCELLED, new FundCommitmentCancelled("endowment-2020", 5, AT, "c-17",
                    50_000, fund(5, 100_000)));

    private PartnershipSamples() {
    }
}
