package fr.maillage.activity.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static fr.maillage.activity.domain.Revisions.Takeover.NEVER;
import static org.assertj.core.api.Assertions.assertThat;

class RevisionsTest {

    private static final String PUBLISHER = "org-1";

    @Test
    void givenANewReport_thenItIsAcceptedWithANameBasedEventId() {
        ActivityReport report = report("r-1", 0, 12);

        List<ItemResult> results = Revisions.decide(PUBLISHER, List.of(report), Map.of(), Map.of(), NEVER);

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo(Status.ACCEPTED);
            assertThat(result.eventId()).isEqualTo(java.util.UUID.nameUUIDFromBytes("org-1|r-1|0".getBytes()));
        });
    }

    @Test
    void givenTheSameRevisionAndContentAccepted_thenItIsADuplicateWithTheSameEventId() {
        ActivityReport report = report("r-1", 2, 12);

        ItemResult result = Revisions.decide(PUBLISHER, List.of(report), Map.of("r-1", accepted(report)), Map.of(),
                NEVER).get(0);

        assertThat(result.status()).isEqualTo(Status.DUPLICATE);
        assertThat(result.eventId()).isEqualTo(Submission.eventId(PUBLISHER, "r-1", 2));
    }

    @Test
    void givenAnAcceptedRevision_thenAHigherOneIsAcceptedAndALowerOneRejected() {
        Revisions.Accepted stored = accepted(report("r-1", 1, 12));

        assertThat(Revisions.decide(PUBLISHER, List.of(report("r-1", 2, 15)), Map.of("r-1", stored), Map.of(), NEVER)
                .get(0).status())
                .isEqualTo(Status.ACCEPTED);
        ItemResult older = Revisions.decide(PUBLISHER, List.of(report("r-1", 0, 12)), Map.of("r-1", stored), Map.of(),
                NEVER).get(0);
        assertThat(older.status()).isEqualTo(Status.REJECTED);
        assertThat(older.reason()).contains("newer revision (1)");
    }

    @Test
    void givenTheSameRevisionWithOtherContent_thenItIsRejectedAskingForAHigherRevision() {
        Revisions.Accepted stored = accepted(report("r-1", 0, 12));

        ItemResult result = Revisions.decide(PUBLISHER, List.of(report("r-1", 0, 13)), Map.of("r-1", stored), Map.of(),
                NEVER).get(0);

        assertThat(result.status()).isEqualTo(Status.REJECTED);
        assertThat(result.reason()).contains("higher revision");
    }

    @Test
    void givenTwoRevisionsInOneBatch_thenTheHighestWinsWhateverTheOrder() {
        List<ItemResult> results = Revisions.decide(PUBLISHER,
                List.of(report("r-1", 3, 20), report("r-2", 0, 1), report("r-1", 1, 10)), Map.of(), Map.of(), NEVER);

        assertThat(results).extracting(ItemResult::status)
                .containsExactly(Status.ACCEPTED, Status.ACCEPTED, Status.DUPLICATE);
        assertThat(results.get(0).eventId()).isEqualTo(Submission.eventId(PUBLISHER, "r-1", 3));
        assertThat(results.get(2).reason()).contains("superseded by revision 3");
    }

    @Test
    void givenTheSameItemTwiceInOneBatch_thenOneIsAcceptedAndTheOtherADuplicate() {
        List<ItemResult> results = Revisions.decide(PUBLISHER, List.of(report("r-1", 0, 5), report("r-1", 0, 5)), Map.of(),
                Map.of(), NEVER);

        assertThat(results).extracting(ItemResult::status).containsExactly(Status.ACCEPTED, Status.DUPLICATE);
        assertThat(results.get(1).eventId()).isEqualTo(results.get(0).eventId());
    }

    @Test
    void givenAReportIdUsedByMonthlyIndicators_thenAnActivityReportWithItIsRejected() {
        Revisions.Accepted indicators = new Revisions.Accepted(Submission.Kind.MONTHLY_INDICATORS, 0, "x");

        ItemResult result = Revisions.decide(PUBLISHER, List.of(report("r-1", 1, 5)), Map.of("r-1", indicators),
                Map.of(), NEVER)
                .get(0);

        assertThat(result.status()).isEqualTo(Status.REJECTED);
        assertThat(result.reason()).contains("monthly indicators");
    }

    @Test
    void givenAStaleBatchWinner_thenItsOlderSiblingsAreRejectedToo() {
        Revisions.Accepted stored = accepted(report("r-1", 5, 12));

        List<ItemResult> results = Revisions.decide(PUBLISHER, List.of(report("r-1", 4, 1), report("r-1", 3, 1)),
                Map.of("r-1", stored), Map.of(), NEVER);

        assertThat(results).extracting(ItemResult::status).containsExactly(Status.REJECTED, Status.REJECTED);
    }

    @Test
    void givenATiersLieuMonthGivenByAnotherPublisher_thenOtherIndicatorsForItAreRejected() {
        Map<String, Revisions.Owner> owners = Map.of("tl-1|2026-10", new Revisions.Owner("org-2", "theirs", 0));

        ItemResult result = Revisions.decide(PUBLISHER, List.of(indicators("mine", 4, "2026-10", 12)), Map.of(), owners,
                NEVER)
                .get(0);

        assertThat(result.status()).isEqualTo(Status.REJECTED);
        assertThat(result.reason()).contains("already published by another organisation").doesNotContain("org-2");
    }

    @Test
    void givenATiersLieuMonthGivenByAnotherReportOfTheSamePublisher_thenTheRefusalNamesThatReport() {
        Map<String, Revisions.Owner> owners = Map.of("tl-1|2026-10", new Revisions.Owner(PUBLISHER, "first", 0));

        ItemResult result = Revisions.decide(PUBLISHER, List.of(indicators("second", 0, "2026-10", 12)), Map.of(),
                owners, NEVER)
                .get(0);

        assertThat(result.status()).isEqualTo(Status.REJECTED);
        assertThat(result.reason()).contains("your report first").contains("higher revision");
    }

    @Test
    void givenTheOwnerOfATiersLieuMonth_thenItsHigherRevisionIsAccepted() {
        MonthlyIndicators first = indicators("mine", 0, "2026-10", 12);
        Map<String, Revisions.Owner> owners = Map.of("tl-1|2026-10", new Revisions.Owner(PUBLISHER, "mine", 0));

        ItemResult result = Revisions.decide(PUBLISHER, List.of(indicators("mine", 1, "2026-10", 15)),
                Map.of("mine", accepted(first)), owners, NEVER).get(0);

        assertThat(result.status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void givenARevisionMovingIndicatorsToAnotherMonth_thenItIsRejected() {
        MonthlyIndicators first = indicators("mine", 0, "2026-10", 12);

        List<ItemResult> results = Revisions.decide(PUBLISHER,
                List.of(indicators("mine", 1, "2026-09", 12), indicators("mine", 1, "2026-09", 12)),
                Map.of("mine", accepted(first)), Map.of("tl-1|2026-10", new Revisions.Owner(PUBLISHER, "mine", 0)), NEVER);

        assertThat(results).extracting(ItemResult::status).containsExactly(Status.REJECTED, Status.REJECTED);
        assertThat(results.get(0).reason()).contains("tl-1 2026-10").contains("new reportId");
    }

    @Test
    void givenTwoReportsForOneTiersLieuMonthInOneBatch_thenTheFirstOwnsItAndTheSecondIsRejected() {
        List<ItemResult> results = Revisions.decide(PUBLISHER,
                List.of(indicators("a", 0, "2026-10", 12), indicators("b", 0, "2026-10", 13),
                        indicators("c", 0, "2026-09", 13)), Map.of(), Map.of(), NEVER);

        assertThat(results).extracting(ItemResult::status)
                .containsExactly(Status.ACCEPTED, Status.REJECTED, Status.ACCEPTED);
        assertThat(results.get(1).reason()).contains("your report a");
    }

    @Test
    void givenATakeoverAllowed_thenOnlyARevisionAboveTheOwnersReplacesItsIndicators() {
        Map<String, Revisions.Owner> owners = Map.of("tl-1|2026-10", new Revisions.Owner("org-2", "theirs", 3));
        Revisions.Takeover allowed = (submission, owner) -> owner.publisherId().equals("org-2");

        ItemResult tooLow = Revisions.decide(PUBLISHER, List.of(indicators("mine", 3, "2026-10", 12)), Map.of(), owners,
                allowed).get(0);
        ItemResult above = Revisions.decide(PUBLISHER, List.of(indicators("mine", 4, "2026-10", 12)), Map.of(), owners,
                allowed).get(0);

        assertThat(tooLow.status()).isEqualTo(Status.REJECTED);
        assertThat(tooLow.reason()).contains("up to revision 3").contains("above it");
        assertThat(above.status()).isEqualTo(Status.ACCEPTED);
        assertThat(Revisions.decide(PUBLISHER, List.of(indicators("mine", 4, "2026-10", 12)), Map.of(),
                Map.of("tl-1|2026-10", new Revisions.Owner(PUBLISHER, "first", 3)), allowed).get(0).status())
                .as("no takeover of one's own other report").isEqualTo(Status.REJECTED);
    }

    @Test
    void givenAMonthGivenAtTheHighestRevisionOfOnesOwn_thenATakeoverStillHasRoomAboveIt() {
        int highest = Revisions.HIGHEST_REVISION_OF_ONES_OWN;
        Revisions.Takeover allowed = (submission, owner) -> owner.publisherId().equals("org-2");
        assertThat(Revisions.decide("org-2", List.of(indicators("theirs", highest + 1, "2026-10", 12)), Map.of(), Map.of(),
                NEVER).get(0).reason()).as("on one's own, no higher").contains("kept for taking over");
        assertThat(Revisions.decide(PUBLISHER, List.of(report("r-1", Integer.MAX_VALUE, 5)), Map.of(), Map.of(), NEVER)
                .get(0).status()).as("an activity report neither").isEqualTo(Status.REJECTED);
        assertThat(Revisions.decide("org-2", List.of(indicators("theirs", highest, "2026-10", 12)), Map.of(), Map.of(),
                NEVER).get(0).status()).isEqualTo(Status.ACCEPTED);

        Map<String, Revisions.Owner> theirs = Map.of("tl-1|2026-10", new Revisions.Owner("org-2", "theirs", highest));
        ItemResult takeover = Revisions.decide(PUBLISHER, List.of(indicators("mine", highest + 1, "2026-10", 12)), Map.of(),
                theirs, allowed).get(0);
        assertThat(takeover.status()).as(takeover.reason()).isEqualTo(Status.ACCEPTED);
        // and the taker corrects its own figures above the line it crossed
        Map<String, Revisions.Owner> mine = Map.of("tl-1|2026-10", new Revisions.Owner(PUBLISHER, "mine", highest + 1));
        Revisions.Accepted accepted = new Revisions.Accepted(Submission.Kind.MONTHLY_INDICATORS, highest + 1, "h",
                "tl-1|2026-10");
        ItemResult correction = Revisions.decide(PUBLISHER, List.of(indicators("mine", highest + 2, "2026-10", 13)),
                Map.of("mine", accepted), mine, NEVER).get(0);
        assertThat(correction.status()).as(correction.reason()).isEqualTo(Status.ACCEPTED);
    }

    private static MonthlyIndicators indicators(String reportId, int revision, String month, int members) {
        return new MonthlyIndicators(reportId, revision, "tl-1", java.time.YearMonth.parse(month), members, null, null,
                null, null);
    }

    private static ActivityReport report(String reportId, int revision, int participants) {
        return new ActivityReport(reportId, revision, "tl-1", LocalDate.of(2026, 10, 3), Category.WORKSHOP,
                participants, 2.5, List.of(Audience.SENIORS));
    }

    private static Revisions.Accepted accepted(Submission submission) {
        return new Revisions.Accepted(submission.kind(), submission.revision(), submission.contentHash(),
                submission.subject());
    }
}
