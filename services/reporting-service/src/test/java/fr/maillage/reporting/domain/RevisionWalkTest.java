package fr.maillage.reporting.domain;

import fr.maillage.reporting.domain.RevisionWalk.Sourced;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RevisionWalkTest {

    private static ActivityReport report(long revision, String month, String category, int participants) {
        return new ActivityReport("pub|r1", revision, month, category, "52", "fab-1", "place-1", participants, 150);
    }

    @Test
    void aHigherRevisionMovesTheReportFromItsOldCellToItsNewOne() {
        ActivityReport first = report(1, "2026-10", "WORKSHOP", 12);
        ActivityReport revised = report(2, "2026-11", "TRAINING", 15);

        RevisionWalk.Outcome<ActivityReport> outcome = RevisionWalk.walk(Map.of("pub|r1", stored(first)), Map.of(),
                List.of(new Sourced<>("s-0", 7, revised)), 3);

        assertThat(outcome.documents().get("t:2026-10").increments().get("WORKSHOP|52")).containsExactly(-1, -12, -150);
        assertThat(outcome.documents().get("t:2026-11").increments().get("TRAINING|52")).containsExactly(1, 15, 150);
        assertThat(outcome.documents().get("t:net|fab-1").increments().get("2026-10|52")).containsExactly(-1, -12, -150);
        assertThat(outcome.documents().get("t:net|fab-1").increments().get("2026-11|52")).containsExactly(1, 15, 150);
        assertThat(outcome.documents().get("p:place-1").increments())
                .containsOnlyKeys("2026-10|52", "2026-11|52");
        assertThat(outcome.documents().get("t:2026-11").applied()).containsEntry("s-0", 7L);
        assertThat(outcome.changedFacts().get("pub|r1").fact()).isEqualTo(revised);
        assertThat(outcome.changedFacts().get("pub|r1").pending()).singleElement()
                .satisfies(transition -> assertThat(transition.offset()).isEqualTo(7));
    }

    @Test
    void aRevisionSentAfterThePlaceMovedStaysInTheRegionAndNetworkItWasCountedIn() {
        ActivityReport first = report(1, "2026-01", "WORKSHOP", 7);
        // published after the place moved to 53 and joined fab-2: the event carries those
        ActivityReport revised = new ActivityReport("pub|r1", 2, "2026-01", "WORKSHOP", "53", "fab-2", "place-1", 9, 150);

        RevisionWalk.Outcome<ActivityReport> outcome = RevisionWalk.walk(Map.of("pub|r1", stored(first)), Map.of(),
                List.of(new Sourced<>("s-0", 8, revised)), 3);

        assertThat(outcome.documents().get("t:2026-01").increments()).containsOnlyKeys("WORKSHOP|52");
        assertThat(outcome.documents().get("t:2026-01").increments().get("WORKSHOP|52")).containsExactly(0, 2, 0);
        assertThat(outcome.documents()).as("nothing counted in the new network").doesNotContainKey("t:net|fab-2");
        assertThat(outcome.documents().get("p:place-1").increments()).containsOnlyKeys("2026-01|52");
        ActivityReport kept = outcome.changedFacts().get("pub|r1").fact();
        assertThat(kept.region()).isEqualTo("52");
        assertThat(kept.networkFabriqueId()).isEqualTo("fab-1");
        assertThat(kept.participants()).isEqualTo(9);

        // a revision that moves the report to another tiers-lieu takes that place's région
        ActivityReport elsewhere = new ActivityReport("pub|r1", 3, "2026-01", "WORKSHOP", "53", "fab-2", "place-2", 9, 150);
        RevisionWalk.Outcome<ActivityReport> moved = RevisionWalk.walk(Map.of("pub|r1", stored(kept)), Map.of(),
                List.of(new Sourced<>("s-0", 9, elsewhere)), 3);
        assertThat(moved.changedFacts().get("pub|r1").fact()).isEqualTo(elsewhere);
    }

    @Test
    void aRevisionMovingTheReportToAnotherMonthIsCountedInTheRegionAndNetworkItWasPublishedWith() {
        ActivityReport first = report(1, "2026-01", "WORKSHOP", 7);
        // the place moved to 53 and joined fab-2 in March; the report is corrected to April
        ActivityReport april = new ActivityReport("pub|r1", 2, "2026-04", "WORKSHOP", "53", "fab-2", "place-1", 7, 150);

        RevisionWalk.Outcome<ActivityReport> outcome = RevisionWalk.walk(Map.of("pub|r1", stored(first)), Map.of(),
                List.of(new Sourced<>("s-0", 8, april)), 3);

        assertThat(outcome.documents().get("t:2026-01").increments().get("WORKSHOP|52")).containsExactly(-1, -7, -150);
        assertThat(outcome.documents().get("t:2026-04").increments()).containsOnlyKeys("WORKSHOP|53");
        assertThat(outcome.documents().get("p:place-1").increments()).containsOnlyKeys("2026-01|52", "2026-04|53");
        assertThat(outcome.documents().get("t:net|fab-1").increments()).containsOnlyKeys("2026-01|52");
        assertThat(outcome.documents().get("t:net|fab-2").increments()).containsOnlyKeys("2026-04|53");
        assertThat(outcome.changedFacts().get("pub|r1").fact()).isEqualTo(april);
    }

    @Test
    void monthlyIndicatorsRevisedAfterThePlaceMovedStayInTheRegionTheyWereCountedIn() {
        MonthlyIndicators first = new MonthlyIndicators("place-1", "2026-01", 0, "52", 10, null, null, null, null);
        MonthlyIndicators revised = new MonthlyIndicators("place-1", "2026-01", 2, "53", 12, null, null, null, null);

        RevisionWalk.Outcome<MonthlyIndicators> outcome = RevisionWalk.walk(
                Map.of(first.id(), new RevisionWalk.Stored<>(first, List.of())), Map.of(),
                List.of(new Sourced<>("s-0", 4, revised)), MonthlyIndicators.COUNTERS.size());

        assertThat(outcome.documents()).containsOnlyKeys("m:2026-01|52");
        assertThat(outcome.changedFacts().get(first.id()).fact().region()).isEqualTo("52");
        assertThat(outcome.changedFacts().get(first.id()).fact().members()).isEqualTo(12);
    }

    @Test
    void anEqualOrLowerRevisionAddsNothing() {
        ActivityReport stored = report(2, "2026-10", "WORKSHOP", 12);

        RevisionWalk.Outcome<ActivityReport> outcome = RevisionWalk.walk(Map.of("pub|r1", stored(stored)), Map.of(),
                List.of(new Sourced<>("s-0", 3, report(2, "2026-10", "WORKSHOP", 12)),
                        new Sourced<>("s-0", 4, report(1, "2026-09", "EVENT", 99))), 3);

        assertThat(outcome.documents()).isEmpty();
        assertThat(outcome.changedFacts()).isEmpty();
    }

    @Test
    void aTransitionLeftPendingByACrashIsAppliedWhenItsBatchIsReplayedAndNotBefore() {
        ActivityReport report = report(1, "2026-10", "WORKSHOP", 12);
        RevisionWalk.Transition lost = new RevisionWalk.Transition("s-0", 5,
                Map.of(new RevisionWalk.Cell("t:2026-10", "WORKSHOP|52"), new long[]{1, 12, 150}));
        Map<String, RevisionWalk.Stored<ActivityReport>> stored =
                Map.of("pub|r1", new RevisionWalk.Stored<>(report, List.of(lost)));

        RevisionWalk.Outcome<ActivityReport> otherPartition = RevisionWalk.walk(stored, Map.of(),
                List.of(new Sourced<>("s-1", 40, report(1, "2026-10", "WORKSHOP", 12))), 3);
        RevisionWalk.Outcome<ActivityReport> replay = RevisionWalk.walk(stored, Map.of(),
                List.of(new Sourced<>("s-0", 5, report)), 3);

        assertThat(otherPartition.documents()).isEmpty();
        assertThat(replay.documents().get("t:2026-10").increments().get("WORKSHOP|52")).containsExactly(1, 12, 150);
        assertThat(replay.changedFacts()).as("nothing new to store").isEmpty();
    }

    @Test
    void aPendingTransitionIsDroppedOnceEveryDocumentHoldsIt() {
        RevisionWalk.Transition counted = new RevisionWalk.Transition("s-0", 5,
                Map.of(new RevisionWalk.Cell("t:2026-10", "WORKSHOP|52"), new long[]{1, 12, 150}));
        Map<String, RevisionWalk.Stored<ActivityReport>> stored = Map.of("pub|r1",
                new RevisionWalk.Stored<>(report(1, "2026-10", "WORKSHOP", 12), List.of(counted)));

        RevisionWalk.Outcome<ActivityReport> outcome = RevisionWalk.walk(stored,
                Map.of("t:2026-10", Map.of("s-0", 5L)),
                List.of(new Sourced<>("s-0", 9, report(2, "2026-10", "WORKSHOP", 20))), 3);

        assertThat(outcome.changedFacts().get("pub|r1").pending()).extracting(RevisionWalk.Transition::offset)
                .containsExactly(9L);
    }

    @Test
    void anIncrementAtOrBelowTheAppliedOffsetOfItsDocumentIsSkipped() {
        RevisionWalk.Outcome<ActivityReport> outcome = RevisionWalk.walk(Map.of(),
                Map.of("t:2026-10", Map.of("s-0", 9L)),
                List.of(new Sourced<>("s-0", 9, report(1, "2026-10", "WORKSHOP", 12))), 3);

        assertThat(outcome.documents()).doesNotContainKey("t:2026-10")
                .containsKeys("t:net|fab-1", "p:place-1");
        assertThat(outcome.changedFacts()).hasSize(1);
    }

    private static RevisionWalk.Stored<ActivityReport> stored(ActivityReport report) {
        return new RevisionWalk.Stored<>(report, List.of());
    }
}
