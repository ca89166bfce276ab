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
    void givenRevisionsAboveTheHighest_thenOnlyTheNationalStructureGivesThem_soThatItCanAlwaysTakeAMonthOver() {
        int highest = Revisions.HIGHEST_REVISION;
        Revisions.Takeover allowed = (submission, owner) -> true;
        ItemResult fabrique = Revisions.decide("org-f", List.of(indicators("theirs", Integer.MAX_VALUE, "2026-10", 12)),
                Map.of(), Map.of("tl-1|2026-10", new Revisions.Owner("org-a", "first", 1)), allowed).get(0);
        assertThat(fabrique.status()).as("not even to take a month over").isEqualTo(Status.REJECTED);
        assertThat(fabrique.reason()).contains("at most " + highest);
        assertThat(Revisions.decide(PUBLISHER, List.of(report("r-1", highest + 1, 5)), Map.of(), Map.of(), NEVER)
                .get(0).status()).as("an activity report neither").isEqualTo(Status.REJECTED);
        assertThat(Revisions.decide("org-f", List.of(indicators("theirs", highest, "2026-10", 12)), Map.of(), Map.of(),
                NEVER).get(0).status()).isEqualTo(Status.ACCEPTED);

        // a Fabrique's month at the highest it may give: the national structure still has room above it
        Map<String, Revisions.Owner> theirs = Map.of("tl-1|2026-10", new Revisions.Owner("org-f", "theirs", highest));
        ItemResult national = Revisions.decide("org-national", List.of(indicators("anct", highest + 1, "2026-10", 12)),
                Map.of(), theirs, allowed, Integer.MAX_VALUE).get(0);
        assertThat(national.status()).as(national.reason()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void givenAReportAcceptedAboveTheHighestBeforeTheRule_thenItsPublisherStillCorrectsIt() {
        int epochSeconds = 2_100_000_000;
        Revisions.Accepted before = new Revisions.Accepted(Submission.Kind.ACTIVITY_REPORT, epochSeconds, "h");
        ItemResult correction = Revisions.decide(PUBLISHER, List.of(report("r-1", epochSeconds + 1, 6)),
                Map.of("r-1", before), Map.of(), NEVER).get(0);
        assertThat(correction.status()).as(correction.reason()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void givenARefusedBatchWinner_thenARetryOfTheAcceptedRevisionBesideItStaysADuplicate() {
        ActivityReport published = report("r-1", 1, 5);
        ActivityReport tooHigh = report("r-1", Revisions.HIGHEST_REVISION + 1, 6);
        ActivityReport lower = report("r-1", 2, 7);

        List<ItemResult> results = Revisions.decide(PUBLISHER, List.of(published, tooHigh, lower),
                Map.of("r-1", accepted(published)), Map.of(), NEVER);

        assertThat(results.get(0).status()).isEqualTo(Status.DUPLICATE);
        assertThat(results.get(0).eventId()).isEqualTo(Submission.eventId(PUBLISHER, "r-1", 1));
        assertThat(results.get(1).status()).isEqualTo(Status.REJECTED);
        assertThat(results.get(1).reason()).contains("at most");
        assertThat(results.get(2).status()).as("a lower revision may not stand for the refused one").isEqualTo(Status.REJECTED);
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
