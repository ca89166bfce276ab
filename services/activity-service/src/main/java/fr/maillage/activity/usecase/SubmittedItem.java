package fr.maillage.activity.usecase;

import fr.maillage.activity.domain.Checked;
import fr.maillage.activity.domain.Submission;

/** One item of a batch as received: the reportId it claims (for the answer) and the validation result. */
public record SubmittedItem<S extends Submission>(String reportId, Checked<S> checked) {
}
