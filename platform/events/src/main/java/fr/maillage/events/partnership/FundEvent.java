package fr.maillage.events.partnership;

import java.time.Instant;

/** What happened to a fund envelope; each event carries the resulting state. */
public sealed interface FundEvent permits FundOpened, FundReconfigured, FundCommitmentMade, FundCommitmentCancelled {
    String fundId();

    long version();

    Instant occurredAt();

    FundState fund();
}
