package fr.maillage.events.partnership;

import java.time.Instant;
import java.util.Objects;

/**
 * A fund envelope: the endowment fund has one per year, the investment fund one in all.
 * {@code kind}: ENDOWMENT or INVESTMENT. Amounts in whole euros; committed never exceeds budget.
 */
public record FundState(String fundId, long version, String kind, Integer year, String name, long budgetEur,
                        long committedEur, Instant updatedAt) {
    public FundState {
        Objects.requireNonNull(fundId, "fundId");
        Objects.requireNonNull(kind, "kind");
        if (committedEur < 0 || committedEur > budgetEur) {
            throw new IllegalArgumentException("committed must be between 0 and the budget");
        }
    }
}
