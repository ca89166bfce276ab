package fr.maillage.events.partnership;

import java.time.Instant;
import java.util.Objects;

/**
 * An envelope's budget or name was changed in the configuration (the funds are configured, not
 * created through the API); {@code fund} is its state after the change.
 */
public record FundReconfigured(String fundId, long version, Instant occurredAt, long previousBudgetEur, FundState fund)
        implements FundEvent {
    public FundReconfigured {
        Objects.requireNonNull(fundId, "fundId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(fund, "fund");
    }
}
