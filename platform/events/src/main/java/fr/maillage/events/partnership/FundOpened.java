package fr.maillage.events.partnership;

import java.time.Instant;
import java.util.Objects;

/** A fund envelope was opened with its budget; a later change of budget or name is {@link FundReconfigured}. */
public record FundOpened(String fundId, long version, Instant occurredAt, FundState fund) implements FundEvent {
    public FundOpened {
        Objects.requireNonNull(fundId, "fundId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(fund, "fund");
    }
}
