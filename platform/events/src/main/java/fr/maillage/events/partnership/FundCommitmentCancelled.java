package fr.maillage.events.partnership;

import java.time.Instant;
import java.util.Objects;

/** A commitment was cancelled and its amount released to the fund. */
public record FundCommitmentCancelled(String fundId, long version, Instant occurredAt, String commitmentId,
                                      long amountEur, FundState fund) implements FundEvent {
    public FundCommitmentCancelled {
        Objects.requireNonNull(fundId, "fundId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(commitmentId, "commitmentId");
        Objects.requireNonNull(fund, "fund");
    }
}
