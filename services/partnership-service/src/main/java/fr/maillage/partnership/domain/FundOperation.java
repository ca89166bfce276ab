package fr.maillage.partnership.domain;

import java.time.Instant;

/** One change of a fund envelope, in the order the store applied it; each makes a new version. */
public sealed interface FundOperation permits FundOperation.Committed, FundOperation.Cancelled, FundOperation.Budgeted {

    String eventId();

    Instant at();

    record Committed(String eventId, Commitment commitment) implements FundOperation {
        @Override
        public Instant at() {
            return commitment.committedAt();
        }
    }

    record Cancelled(String eventId, String commitmentId, long amountEur, Instant at) implements FundOperation {
    }

    /** The configuration gave the envelope a new budget or name. */
    record Budgeted(String eventId, String name, long budgetEur, Instant at) implements FundOperation {
    }
}
