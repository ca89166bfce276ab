package fr.maillage.reporting.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityViewTest {

    private static final Measures TWO_WORKSHOPS = new Measures(2, 30, 450);
    private static final Measures ONE_TRAINING = new Measures(1, 12, 200);

    private final ActivityView october = ActivityView.empty().with(Map.of(
            ActivityReport.cubeKey("2026-10", "WORKSHOP", "52"), TWO_WORKSHOPS,
            ActivityReport.cubeKey("2026-10", "TRAINING", "53"), ONE_TRAINING,
            ActivityReport.networkKey("fab-1", "2026-10", "52"), TWO_WORKSHOPS,
            ActivityReport.networkKey("fab-1", "2026-10", "53"), ONE_TRAINING));

    /** The keys these tests build are the ones a report's counters reach the view under. */
    @Test
    void aReportsTotalsCellsAreTheKeysTheViewReads() {
        ActivityReport report = new ActivityReport("org|r-1", 0, "2026-10", "WORKSHOP", "52", "fab-1", "tl-1", 15, 225);

        Map<String, long[]> viewCells = report.contributions().entrySet().stream()
                .filter(cell -> cell.getKey().document().startsWith(ActivityReport.TOTALS))
                .collect(Collectors.toMap(cell -> cell.getKey().document().substring(ActivityReport.TOTALS.length())
                        + "|" + cell.getKey().part(), Map.Entry::getValue));

        assertThat(viewCells.keySet()).containsExactlyInAnyOrder(ActivityReport.cubeKey("2026-10", "WORKSHOP", "52"),
                ActivityReport.networkKey("fab-1", "2026-10", "52"));
        assertThat(ActivityView.empty().with(Map.of(ActivityReport.cubeKey("2026-10", "WORKSHOP", "52"),
                Measures.of(viewCells.get(ActivityReport.cubeKey("2026-10", "WORKSHOP", "52"))))).summary(ActivityFilter.ALL).byRegion())
                .containsExactly(Map.entry("52", new Measures(1, 15, 225)));
    }

    @Test
    void sumsTheCellsByMonthCategoryAndRegion() {
        ActivitySummary summary = october.summary(ActivityFilter.ALL);

        assertThat(summary.total()).isEqualTo(new Measures(3, 42, 650));
        assertThat(summary.byMonth()).containsExactly(Map.entry("2026-10", new Measures(3, 42, 650)));
        assertThat(summary.byCategory()).containsEntry("WORKSHOP", TWO_WORKSHOPS).containsEntry("TRAINING", ONE_TRAINING);
        assertThat(summary.byRegion()).containsEntry("52", TWO_WORKSHOPS).containsEntry("53", ONE_TRAINING);
        assertThat(october.byNetwork(ActivityFilter.ALL)).containsExactly(Map.entry("fab-1", new Measures(3, 42, 650)));
    }

    @Test
    void aNewViewLeavesTheOneItReplacesAsItWas() {
        ActivityView november = october.with(Map.of(
                ActivityReport.cubeKey("2026-11", "WORKSHOP", "52"), ONE_TRAINING,
                ActivityReport.cubeKey("2026-10", "WORKSHOP", "52"), Measures.ZERO,
                ActivityReport.networkKey("fab-1", "2026-11", "52"), ONE_TRAINING));

        assertThat(october.summary(ActivityFilter.ALL).total()).isEqualTo(new Measures(3, 42, 650));
        assertThat(october.byNetwork(ActivityFilter.ALL)).containsExactly(Map.entry("fab-1", new Measures(3, 42, 650)));
        assertThat(november.summary(ActivityFilter.ALL).byMonth()).containsExactly(
                Map.entry("2026-10", ONE_TRAINING), Map.entry("2026-11", ONE_TRAINING));
        assertThat(november.summary(ActivityFilter.ALL).byCategory()).containsEntry("WORKSHOP", ONE_TRAINING);
        assertThat(november.byNetwork(ActivityFilter.ALL)).containsExactly(
                Map.entry("fab-1", new Measures(4, 54, 850)));
    }

    @Test
    void aCellBackToZeroLeavesNoEmptyMonth() {
        ActivityView emptied = october.with(Map.of(
                ActivityReport.cubeKey("2026-10", "WORKSHOP", "52"), Measures.ZERO,
                ActivityReport.cubeKey("2026-10", "TRAINING", "53"), Measures.ZERO,
                ActivityReport.networkKey("fab-1", "2026-10", "52"), Measures.ZERO,
                ActivityReport.networkKey("fab-1", "2026-10", "53"), Measures.ZERO));

        assertThat(emptied.summary(ActivityFilter.ALL).byMonth()).isEmpty();
        assertThat(emptied.summary(ActivityFilter.ALL).total()).isEqualTo(Measures.ZERO);
        assertThat(emptied.byNetwork(ActivityFilter.ALL)).isEmpty();
    }

    @Test
    void aFilterCountsOnlyItsMonthsRegionAndCategory() {
        ActivityView twoMonths = october.with(Map.of(
                ActivityReport.cubeKey("2026-11", "WORKSHOP", "52"), ONE_TRAINING,
                ActivityReport.networkKey("fab-1", "2026-11", "53"), ONE_TRAINING));

        assertThat(twoMonths.summary(new ActivityFilter("2026-11", null, null, null)).total()).isEqualTo(ONE_TRAINING);
        assertThat(twoMonths.summary(new ActivityFilter(null, "2026-10", "52", "WORKSHOP")).total()).isEqualTo(TWO_WORKSHOPS);
        assertThat(twoMonths.summary(new ActivityFilter(null, null, "53", null)).total()).isEqualTo(ONE_TRAINING);
        assertThat(twoMonths.byNetwork(new ActivityFilter("2026-11", "2026-11", "53", null)))
                .containsExactly(Map.entry("fab-1", ONE_TRAINING));
        assertThat(twoMonths.byNetwork(new ActivityFilter(null, null, "52", null)))
                .as("a région counts the network's members there").containsExactly(Map.entry("fab-1", TWO_WORKSHOPS));
        assertThat(twoMonths.byNetwork(new ActivityFilter(null, null, "11", null))).isEmpty();
    }
}
