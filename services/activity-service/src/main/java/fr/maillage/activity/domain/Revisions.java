package fr.maillage.activity.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decides, for a batch of allowed submissions of one publisher, which are new facts to publish,
 * which repeat what was already published and which are refused:
 * <ul>
 *   <li>a reportId not seen before, or with a higher revision than the one accepted: ACCEPTED
 *       (a higher revision replaces the earlier one downstream);</li>
 *   <li>the same revision with the same content: DUPLICATE, nothing published;</li>
 *   <li>the same revision with other content: REJECTED (the change needs a higher revision, or it
 *       would be silently dropped downstream, where the event id is the same);</li>
 *   <li>a lower revision than the one accepted: REJECTED, a newer revision exists;</li>
 *   <li>within one batch, the highest revision of a reportId wins and the others are DUPLICATE;</li>
 *   <li>a report with a {@link Submission#subject() subject} (monthly indicators: a tiers-lieu's
 *       month) that another report already describes, from this publisher or another, or that
 *       is not the subject of its earlier revisions: REJECTED. Reporting keeps one set of figures
 *       per subject, ordered by revision: figures of a second report would be ignored or replace
 *       the first's out of order, and a report moved to another month would be counted in both.
 *       Another organisation may take a subject over when {@link Takeover} allows it, with a
 *       revision above every one accepted for the subject;</li>
 *   <li>a revision above the publisher's highest ({@link #HIGHEST_REVISION} for all but the
 *       national structure): REJECTED, unless the report was accepted above it already.</li>
 * </ul>
 */
public final class Revisions {

    /**
     * The highest revision an organisation other than the national structure gives. A revision is
     * at most 2^31 - 1: a Fabrique that gave a member's month that revision would have left nothing
     * above it for the national structure to take the month over with. Above today's epoch seconds,
     * which some clients use as revisions.
     */
    public static final int HIGHEST_REVISION = 2_000_000_000;

    private Revisions() {
    }

    /**
     * What is recorded of a report already accepted from this publisher; its subject is null for
     * activity reports and for indicators recorded before subjects were kept.
     */
    public record Accepted(Submission.Kind kind, int revision, String contentHash, String subject) {

        public Accepted(Submission.Kind kind, int revision, String contentHash) {
            this(kind, revision, contentHash, null);
        }
    }

    /** The report that describes a subject, and the highest revision of it accepted. */
    public record Owner(String publisherId, String reportId, int revision) {

        public boolean is(String publisherId, String reportId) {
            return this.publisherId.equals(publisherId) && this.reportId.equals(reportId);
        }
    }

    /**
     * Whether the caller may take a subject over from its owner, another organisation: the
     * national structure may, and so may anyone allowed to publish for the place once the owner
     * no longer is (a Fabrique whose member left its network), or nobody could correct it.
     */
    public interface Takeover {
        boolean allowed(Submission submission, Owner owner);

        Takeover NEVER = (submission, owner) -> false;
    }

    /**
     * One decision per submission, in the order given; {@code owners} are the stored owners of the
     * batch's subjects (absent when none).
     */
    public static List<ItemResult> decide(String publisherId, List<? extends Submission> submissions,
                                          Map<String, Accepted> accepted, Map<String, Owner> owners,
                                          Takeover takeover) {
        return decide(publisherId, submissions, accepted, owners, takeover, HIGHEST_REVISION);
    }

    /** @param highestRevision the highest this publisher may give: {@link #HIGHEST_REVISION}, or none for the national structure */
    public static List<ItemResult> decide(String publisherId, List<? extends Submission> submissions,
                                          Map<String, Accepted> accepted, Map<String, Owner> owners,
                                          Takeover takeover, int highestRevision) {
        Map<String, Owner> subjects = new HashMap<>(owners);
        Map<String, List<Integer>> byReportId = new LinkedHashMap<>();
        for (int i = 0; i < submissions.size(); i++) {
            byReportId.computeIfAbsent(submissions.get(i).reportId(), id -> new ArrayList<>()).add(i);
        }
        Map<Integer, ItemResult> decisions = new HashMap<>();
        for (List<Integer> indexes : byReportId.values()) {
            int winner = indexes.get(0);
            for (int index : indexes) {
                if (submissions.get(index).revision() > submissions.get(winner).revision()) {
                    winner = index;
                }
            }
            Submission best = submissions.get(winner);
            Accepted previous = accepted.get(best.reportId());
            ItemResult bestDecision = againstAccepted(publisherId, best, previous);
            if (bestDecision.status() == Status.ACCEPTED) {
                String tooHigh = revisionRefusal(best, previous, highestRevision);
                String refusal = tooHigh != null ? tooHigh : subjectRefusal(publisherId, best, previous, subjects, takeover);
                if (refusal != null) { // none of this report's items may stand for the winner; a retry of the accepted one stays what it was
                    for (int index : indexes) {
                        ItemResult retry = retryOfAccepted(publisherId, submissions.get(index), previous);
                        decisions.put(index, retry != null ? retry : ItemResult.rejected(best.reportId(), refusal));
                    }
                    continue;
                }
            }
            decisions.put(winner, bestDecision);
            for (int index : indexes) {
                if (index != winner) {
                    ItemResult decision = bestDecision.status() == Status.REJECTED
                            ? againstAccepted(publisherId, submissions.get(index), previous)
                            : againstWinner(submissions.get(index), best, bestDecision.eventId());
                    if (decision.status() == Status.ACCEPTED) {
                        String tooHigh = revisionRefusal(submissions.get(index), previous, highestRevision);
                        String refusal = tooHigh != null ? tooHigh
                                : subjectRefusal(publisherId, submissions.get(index), previous, subjects, takeover);
                        decision = refusal == null ? decision : ItemResult.rejected(best.reportId(), refusal);
                    }
                    decisions.put(index, decision);
                }
            }
        }
        List<ItemResult> results = new ArrayList<>(submissions.size());
        for (int i = 0; i < submissions.size(); i++) {
            results.add(decisions.get(i));
        }
        return results;
    }

    /**
     * The answer to a submission already accepted as it stands (same kind, revision and content):
     * DUPLICATE with its event id; {@code null} for anything else. For items the caller may no
     * longer publish for: a retry of what was published while it could is answered as it was then.
     */
    public static ItemResult retryOfAccepted(String publisherId, Submission submission, Accepted previous) {
        if (previous == null || previous.kind() != submission.kind() || previous.revision() != submission.revision()
                || !previous.contentHash().equals(submission.contentHash())) {
            return null;
        }
        return againstAccepted(publisherId, submission, previous);
    }

    private static ItemResult againstAccepted(String publisherId, Submission submission, Accepted previous) {
        String reportId = submission.reportId();
        UUID eventId = Submission.eventId(publisherId, reportId, submission.revision());
        if (previous == null) {
            return ItemResult.accepted(reportId, eventId);
        }
        if (previous.kind() != submission.kind()) {
            return ItemResult.rejected(reportId, "reportId is already used by your " + describe(previous.kind())
                    + "; choose another reportId");
        }
        if (submission.revision() > previous.revision()) {
            return ItemResult.accepted(reportId, eventId);
        }
        if (submission.revision() < previous.revision()) {
            return ItemResult.rejected(reportId, "a newer revision (" + previous.revision()
                    + ") of this report was already accepted");
        }
        if (previous.contentHash().equals(submission.contentHash())) {
            return ItemResult.duplicate(reportId, eventId, "already accepted with this revision");
        }
        return ItemResult.rejected(reportId, "revision " + submission.revision()
                + " of this report was already accepted with other content; send the change with a higher revision");
    }

    /**
     * Why an accepted submission may not describe its subject, or null if it may (it then owns the
     * subject for the rest of the batch). A report taking a subject over must carry a revision
     * above every one accepted for it: reporting keeps the highest revision per subject.
     */
    private static String subjectRefusal(String publisherId, Submission submission, Accepted previous,
                                         Map<String, Owner> subjects, Takeover takeover) {
        String subject = submission.subject();
        if (subject == null) {
            return null;
        }
        if (previous != null && previous.subject() != null && !previous.subject().equals(subject)) {
            return "this report gives the figures of another tiers-lieu or month (" + previous.subject().replace('|', ' ')
                    + "), which a revision cannot change; publish these under a new reportId";
        }
        Owner owner = subjects.get(subject);
        Owner self = new Owner(publisherId, submission.reportId(), submission.revision());
        if (owner == null || owner.is(publisherId, submission.reportId())) {
            subjects.put(subject, owner == null || self.revision() > owner.revision() ? self : owner);
            return null;
        }
        if (!owner.publisherId().equals(publisherId) && takeover.allowed(submission, owner)) {
            if (submission.revision() <= owner.revision()) {
                return "the monthly indicators of this tiers-lieu for this month were published by another organisation"
                        + " up to revision " + owner.revision() + "; to replace them, send a revision above it";
            }
            subjects.put(subject, self);
            return null;
        }
        if (owner.publisherId().equals(publisherId)) {
            return "the monthly indicators of this tiers-lieu for this month are already given by your report "
                    + owner.reportId() + "; send a higher revision of it instead";
        }
        return "the monthly indicators of this tiers-lieu for this month were already published by another"
                + " organisation, which alone may correct them while it may publish for this tiers-lieu (and the"
                + " national structure)";
    }

    /** Why a revision is too high for this publisher, or null: one accepted above its highest before may go on rising. */
    private static String revisionRefusal(Submission submission, Accepted previous, int highestRevision) {
        if (submission.revision() <= highestRevision || previous != null && previous.revision() > highestRevision) {
            return null;
        }
        return "revision must be at most " + highestRevision + ": the revisions above are kept for the national"
                + " structure, which may always take the monthly indicators of a tiers-lieu over";
    }

    private static ItemResult againstWinner(Submission submission, Submission winner, UUID winnerEventId) {
        String reportId = submission.reportId();
        if (submission.revision() < winner.revision()) {
            return ItemResult.duplicate(reportId, null, "superseded by revision " + winner.revision() + " in this batch");
        }
        if (submission.contentHash().equals(winner.contentHash())) {
            return ItemResult.duplicate(reportId, winnerEventId, "sent twice in this batch");
        }
        return ItemResult.rejected(reportId, "another item of this batch has the same reportId and revision"
                + " with other content");
    }

    private static String describe(Submission.Kind kind) {
        return kind == Submission.Kind.ACTIVITY_REPORT ? "activity report" : "monthly indicators";
    }
}
