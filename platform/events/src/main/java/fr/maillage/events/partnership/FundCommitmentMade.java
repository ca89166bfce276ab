package fr.maillage.events.partnership;

import java.time.Instant;
import java.util.Objects;

/**
 * A grant or investment was committed to a tiers-lieu or an organisation. Its purpose, free text
 * that may name people, stays in partnership's store (events carry no personal data).
 */
public record FundCommitmentMade(String fundId, long version, Instant occurredAt, String commitmentId, long amountEur,
                                 String thirdPlaceId, String organisationId, FundState fund)
        implements FundEvent {
    public FundCommitmentMade {
        Objects.requireNonNull(fundId, "fundId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(commitmentId, "commitmentId");
        Objects.requireNonNull(fund, "fund");
        if (amountEur <= 0) {
            throw new IllegalArgumentException("amountEur must be positive");
        }
    }
}
