package fr.maillage.simulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExpectedTotalsTest {

    private final ExpectedTotals totals = new ExpectedTotals();

    @Test
    void acceptedReportsAddUp() {
        totals.accept(report(1, 0, "WORKSHOP", "2026-10", "52", 12, 2.5));
        totals.accept(report(2, 0, "EVENT", "2026-11", "75", 40, 3));

        ExpectedTotals.Snapshot snapshot = totals.snapshot();
        assertThat(snapshot.reports()).isEqualTo(2);
        assertThat(snapshot.participants()).isEqualTo(52);
        assertThat(snapshot.hours()).isEqualTo(5.5);
        assertThat(snapshot.byCategory()).containsOnlyKeys("EVENT", "WORKSHOP");
        assertThat(snapshot.byRegion().get("75")).isEqualTo(new ExpectedTotals.Figures(1, 40, 3));
    }

    @Test
    void aDuplicateAddsNothing() {
        ExpectedTotals.Report report = report(1, 0, "WORKSHOP", "2026-10", "52", 12, 2.5);

        assertThat(totals.accept(report)).isTrue();
        assertThat(totals.accept(report)).isFalse();
        assertThat(totals.accept(report)).isFalse();

        assertThat(totals.snapshot().reports()).isEqualTo(1);
        assertThat(totals.snapshot().participants()).isEqualTo(12);
    }

    @Test
    void aHigherRevisionReplacesTheEarlierOneEverywhere() {
        totals.accept(report(1, 0, "WORKSHOP", "2026-10", "52", 12, 2.5));
        totals.accept(report(2, 0, "WORKSHOP", "2026-10", "52", 5, 1));

        assertThat(totals.accept(report(1, 1, "TRAINING", "2026-09", "53", 15, 7))).isTrue();

        ExpectedTotals.Snapshot snapshot = totals.snapshot();
        assertThat(snapshot.reports()).isEqualTo(2);
        assertThat(snapshot.participants()).isEqualTo(20);
        assertThat(snapshot.hours()).isEqualTo(8);
        assertThat(snapshot.byCategory().get("WORKSHOP")).isEqualTo(new ExpectedTotals.Figures(1, 5, 1));
        assertThat(snapshot.byCategory().get("TRAINING")).isEqualTo(new ExpectedTotals.Figures(1, 15, 7));
        assertThat(snapshot.byMonth().get("2026-10")).isEqualTo(new ExpectedTotals.Figures(1, 5, 1));
        assertThat(snapshot.byMonth().get("2026-09")).isEqualTo(new ExpectedTotals.Figures(1, 15, 7));
        assertThat(snapshot.byRegion().get("52")).isEqualTo(new ExpectedTotals.Figures(1, 5, 1));
    }

    @Test
    void aLowerOrEqualRevisionArrivingLateChangesNothing() {
        totals.accept(report(1, 2, "WORKSHOP", "2026-10", "52", 30, 3));

        assertThat(totals.accept(report(1, 1, "WORKSHOP", "2026-10", "52", 10, 1))).isFalse();
        assertThat(totals.accept(report(1, 2, "WORKSHOP", "2026-10", "52", 30, 3))).isFalse();

        assertThat(totals.snapshot().participants()).isEqualTo(30);
        assertThat(totals.snapshot().reports()).isEqualTo(1);
    }

    @Test
    void theSameReportIdOfAnotherPublisherIsAnotherReport() {
        totals.accept(report(1L << 32 | 7, 0, "EVENT", "2026-10", "52", 10, 2));
        totals.accept(report(2L << 32 | 7, 0, "EVENT", "2026-10", "52", 10, 2));

        assertThat(totals.snapshot().reports()).isEqualTo(2);
        assertThat(totals.snapshot().byPlace().get("tl-52").reports()).as("per tiers-lieu too").isEqualTo(2);
    }

    private static ExpectedTotals.Report report(long key, int revision, String category, String month, String region,
                                                int participants, double hours) {
        return new ExpectedTotals.Report(key, revision, category, month, "tl-" + region, region, participants, hours);
    }
}
