package fr.maillage.partnership.api;

import fr.maillage.partnership.domain.Commitment;
import fr.maillage.partnership.domain.Fund;

import java.time.Instant;

/** A fund envelope: budget, committed and available, in whole euros. */
record FundResponse(String id, String kind, Integer year, String name, long budgetEur, long committedEur,
                    long availableEur, long version, Instant updatedAt) {

    static FundResponse of(Fund fund) {
        return new FundResponse(fund.id(), fund.kind().name(), fund.year(), fund.name(), fund.budgetEur(),
                fund.committedEur(), fund.availableEur(), fund.version(), fund.updatedAt());
    }

    /** A commitment with its fund as it stands now. {@code status}: ACTIVE or CANCELLED. */
    record CommitmentResponse(String fundId, String commitmentId, long amountEur, String purpose, String thirdPlaceId,
                              String organisationId, String status, Instant committedAt, Instant cancelledAt,
                              FundResponse fund) {

        static CommitmentResponse of(Fund fund, Commitment commitment) {
            return new CommitmentResponse(fund.id(), commitment.commitmentId(), commitment.amountEur(),
                    commitment.purpose(), commitment.thirdPlaceId(), commitment.organisationId(),
                    commitment.cancelled() ? "CANCELLED" : "ACTIVE", commitment.committedAt(), commitment.cancelledAt(),
                    FundResponse.of(fund));
        }
    }
}
