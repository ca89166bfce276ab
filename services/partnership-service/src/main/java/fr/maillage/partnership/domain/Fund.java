package fr.maillage.partnership.domain;

import fr.maillage.events.partnership.FundState;

import java.time.Instant;
import java.util.Objects;

/** A fund envelope at one version: its budget and what is committed from it, never more than the budget. */
public record Fund(String id, long version, FundKind kind, Integer year, String name, long budgetEur,
                   long committedEur, Instant updatedAt) {

    /**
     * Commitments a fund holds, cancelled ones included: each one keeps up to about 1.7 kB of its fund's
     * document (a 500-character purpose), which has to stay far below a document's 16 MB.
     */
    public static final int MAX_COMMITMENTS = 5_000;

    public Fund {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
        if (committedEur < 0 || committedEur > budgetEur) {
            throw new IllegalStateException("fund " + id + " would have " + committedEur + " € committed of a "
                    + budgetEur + " € budget");
        }
    }

    public static Fund open(FundDefinition definition, Instant now) {
        return new Fund(definition.id(), 1, definition.kind(), definition.year(), definition.name(),
                definition.budgetEur(), 0, now);
    }

    public long availableEur() {
        return budgetEur - committedEur;
    }

    /** The next version, after one operation. */
    public Fund after(FundOperation operation) {
        if (operation instanceof FundOperation.Committed committed) {
            return new Fund(id, version + 1, kind, year, name, budgetEur,
                    committedEur + committed.commitment().amountEur(), later(operation.at()));
        }
        if (operation instanceof FundOperation.Cancelled cancelled) {
            return new Fund(id, version + 1, kind, year, name, budgetEur, committedEur - cancelled.amountEur(),
                    later(operation.at()));
        }
        FundOperation.Budgeted budgeted = (FundOperation.Budgeted) operation;
        return new Fund(id, version + 1, kind, year, budgeted.name(), budgeted.budgetEur(), committedEur,
                later(operation.at()));
    }

    /** Operations are stamped before they land, in either order: a fund's time never goes back. */
    private Instant later(Instant at) {
        return updatedAt == null || at.isAfter(updatedAt) ? at : updatedAt;
    }

    public FundState toState() {
        return new FundState(id, version, kind.name(), year, name, budgetEur, committedEur, updatedAt);
    }
}
