package fr.maillage.activity.usecase;

import fr.maillage.activity.domain.ItemResult;

import java.util.List;

/** What became of a batch: one result per item, in order, and whether anything in it could be published. */
public record Outcome(Verdict verdict, List<ItemResult> results, List<ItemProblem> problems) {

    public enum Verdict {
        /** At least one item was valid and allowed: each was published, or was a duplicate, or refused by revision. */
        PROCESSED,
        /** No item may be published by this caller (tiers-lieu unknown or outside its places and network). */
        NOTHING_ALLOWED,
        /** Nothing may be published and some items are invalid (any others refused as above). */
        NOTHING_VALID
    }

    /** Why the item at {@code index} is invalid, naming the field. */
    public record ItemProblem(int index, String field, String message) {
    }

    public Outcome {
        results = List.copyOf(results);
        problems = List.copyOf(problems);
    }
}
