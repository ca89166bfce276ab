package fr.maillage.activity.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RevisionsTest {

    private static final String PUBLISHER = "org-1";

    @Test
    void givenANewReport_thenItIsAcceptedWithANameBasedEventId() {
        ActivityReport report = report("r-1", 0, 12);

        List<ItemResult> results = Revisions.decide(PUBLISHER, List.of(report), Map.of());

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo(Status.ACCEPTED);
            assertThat(result.eventId()).isEqualTo(java.util.UUID.nameUUIDFromBytes("org-1|r-1|0".getBytes()));
        });
    }

    @Test
    void givenTheSameRevisionAndContentAccepted_thenItIsADuplicateWithTheSameEventId() {
        ActivityReport report = report("r-1", 2, 12);

        ItemResult result = Revisions.decide(PUBLISHER, List.of(report), Map.of("r-1", accepted(report))).get(0);

        assertThat(result.status()).isEqualTo(Status.DUPLICATE);
        assertThat(result.eventId()).isEqualTo(Submission.eventId(PUBLISHER, "r-1", 2));
    }

    @Test
    void givenAnAcceptedRevision_thenAHigherOneIsAcceptedAndALowerOneRejected() {
        Revisions.Accepted stored = accepted(report("r-1", 1, 12));

        assertThat(Revisions.decide(PUBLISHER, List.of(report("r-1", 2, 15)), Map.of("r-1", stored)).get(0).status())
                .isEqualTo(Status.ACCEPTED);
        ItemResult older = Revisions.decide(PUBLISHER, List.of(report("r-1", 0, 12)), Map.of("r-1", stored)).get(0);
        assertThat(older.status()).isEqualTo(Status.REJECTED);
        assertThat(older.reason()).contains("newer revision (1)");
    }

    @Test
    void givenTheSameRevisionWithOtherContent_thenItIsRejectedAskingForAHigherRevision() {
        Revisions.Accepted stored = accepted(report("r-1", 0, 12));

        ItemResult result = Revisions.decide(PUBLISHER, List.of(report("r-1", 0, 13)), Map.of("r-1", stored)).get(0);

        assertThat(result.status()).isEqualTo(Status.REJECTED);
        assertThat(result.reason()).contains("higher revision");
    }

    @Test
    void givenTwoRevisionsInOneBatch_thenTheHighestWinsWhateverTheOrder() {
        List<ItemResult> results = Revisions.decide(PUBLISHER,
                List.of(report("r-1", 3, 20), report("r-2", 0, 1), report("r-1", 1, 10)), Map.of());

        assertThat(results).extracting(ItemResult::status)
                .containsExactly(Status.ACCEPTED, Status.ACCEPTED, Status.DUPLICATE);
        assertThat(results.get(0).eventId()).isEqualTo(Submission.eventId(PUBLISHER, "r-1", 3));
        assertThat(results.get(2).reason()).contains("superseded by revision 3");
    }

    @Test
    void givenTheSameItemTwiceInOneBatch_thenOneIsAcceptedAndTheOtherADuplicate() {
        List<ItemResult> results = Revisions.decide(PUBLISHER, List.of(report("r-1", 0, 5), report("r-1", 0, 5)), Map.of());

        assertThat(results).extracting(ItemResult::status).containsExactly(Status.ACCEPTED, Status.DUPLICATE);
        assertThat(results.get(1).eventId()).isEqualTo(results.get(0).eventId());
    }

    @Test
    void givenAReportIdUsedByMonthlyIndicators_thenAnActivityReportWithItIsRejected() {
        Revisions.Accepted indicators = new Revisions.Accepted(Submission.Kind.MONTHLY_INDICATORS, 0, "x");

        ItemResult result = Revisions.decide(PUBLISHER, List.of(report("r-1", 1, 5)), Map.of("r-1", indicators)).get(0);

        assertThat(result.status()).isEqualTo(Status.REJECTED);
        assertThat(result.reason()).contains("monthly indicators");
    }

    @Test
    void givenAStaleBatchWinner_thenItsOlderSiblingsAreRejectedToo() {
        Revisions.Accepted stored = accepted(report("r-1", 5, 12));

        List<ItemResult> results = Revisions.decide(PUBLISHER, List.of(report("r-1", 4, 1), report("r-1", 3, 1)),
                Map.of("r-1", stored));

        assertThat(results).extracting(ItemResult::status).containsExactly(Status.REJECTED, Status.REJECTED);
    }

    private static ActivityReport report(String reportId, int revision, int participants) {
        return new ActivityReport(reportId, revision, "tl-1", LocalDate.of(2026, 10, 3), Category.WORKSHOP,
                participants, 2.5, List.of(Audience.SENIORS));
    }

    private static Revisions.Accepted accepted(Submission submission) {
        return new Revisions.Accepted(submission.kind(), submission.revision(), submission.contentHash());
    }
}
