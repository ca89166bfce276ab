package fr.maillage.reporting.domain;

import fr.maillage.events.partnership.FundState;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Every fund envelope with what is committed against its budget, from their latest states. */
public record FundsSummary(List<Fund> funds, long totalBudgetEur, long totalCommittedEur, Instant asOf) {

    public record Fund(String fundId, String kind, Integer year, String name, long budgetEur, long committedEur,
                       long availableEur) {
    }

    public static FundsSummary of(Collection<FundState> states, Instant asOf) {
        List<Fund> funds = states.stream()
                .sorted(Comparator.comparing(FundState::kind)
                        .thenComparing(FundState::year, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(FundState::fundId))
                .map(state -> new Fund(state.fundId(), state.kind(), state.year(), state.name(), state.budgetEur(),
                        state.committedEur(), state.budgetEur() - state.committedEur()))
                .toList();
        return new FundsSummary(funds, funds.stream().mapToLong(Fund::budgetEur).sum(),
                funds.stream().mapToLong(Fund::committedEur).sum(), asOf);
    }
}
