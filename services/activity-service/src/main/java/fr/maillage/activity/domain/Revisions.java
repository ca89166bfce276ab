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
 *   <li>within one batch, the highest revision of a reportId wins and the others are DUPLICATE.</li>
 * </ul>
 */
public final class Revisions {

    private Revisions() {
    }

    /** What is recorded of a report already accepted from this publisher. */
    public record Accepted(Submission.Kind kind, int revision, String contentHash) {
    }

    /** One decision per submission, in the order given. */
    public static List<ItemResult> decide(String publisherId, List<? extends Submission> submissions,
                                          Map<String, Accepted> accepted) {
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
            ItemResult bestDecision = againstAccepted(publisherId, best, accepted.get(best.reportId()));
            decisions.put(winner, bestDecision);
            for (int index : indexes) {
                if (index != winner) {
                    decisions.put(index, bestDecision.status() == Status.REJECTED
                            ? againstAccepted(publisherId, submissions.get(index), accepted.get(best.reportId()))
                            : againstWinner(submissions.get(index), best, bestDecision.eventId()));
                }
            }
        }
        List<ItemResult> results = new ArrayList<>(submissions.size());
        for (int i = 0; i < submissions.size(); i++) {
            results.add(decisions.get(i));
        }
        return results;
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
