package fr.maillage.activity.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ItemValidationTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

    @Test
    void aCompleteReportIsValidWithItsDefaults() {
        Checked<ActivityReport> checked = ActivityReport.check("2026-11:atelier.12", null, "tl-1", "2026-11-20",
                "DIGITAL_MEDIATION", n("14"), null, List.of("SENIORS", "JOB_SEEKERS", "SENIORS"), TODAY);

        assertThat(checked).isInstanceOfSatisfying(Checked.Valid.class, valid -> {
            ActivityReport report = (ActivityReport) valid.value();
            assertThat(report.revision()).isZero();
            assertThat(report.hours()).isZero();
            assertThat(report.audiences()).containsExactly(Audience.JOB_SEEKERS, Audience.SENIORS);
        });
    }

    /** {@code TODAY} is the latest day anywhere in France: a later date has begun nowhere there. */
    @Test
    void noDayOrMonthAfterTheLatestDayInFrance() {
        assertThat(ActivityReport.check("r", null, "tl-1", "2026-11-29", "WORKSHOP", n("1"), null, null, TODAY))
                .isInstanceOf(Checked.Valid.class);
        assertProblem(ActivityReport.check("r", null, "tl-1", "2026-11-30", "WORKSHOP", n("1"), null, null, TODAY), "date");
        assertThat(MonthlyIndicators.check("i", null, "tl-1", "2026-11", n("1"), null, null, null, null, TODAY))
                .isInstanceOf(Checked.Valid.class);
        assertProblem(MonthlyIndicators.check("i", null, "tl-1", "2026-12", n("1"), null, null, null, null,
                LocalDate.of(2026, 11, 30)), "month");
    }

    @Test
    void eachInvalidFieldIsNamed() {
        assertProblem(report("bad id", "2026-11-20", "WORKSHOP", "1", "1", List.of()), "reportId");
        assertProblem(report("r", "2026-12-01", "WORKSHOP", "1", "1", List.of()), "date");
        assertProblem(report("r", "1999-12-31", "WORKSHOP", "1", "1", List.of()), "date");
        assertProblem(report("r", "20/11/2026", "WORKSHOP", "1", "1", List.of()), "date");
        assertProblem(report("r", "2026-11-20", "KARAOKE", "1", "1", List.of()), "category");
        assertProblem(report("r", "2026-11-20", "workshop", "1", "1", List.of()), "category");
        assertProblem(report("r", "2026-11-20", "WORKSHOP", "100001", "1", List.of()), "participants");
        assertProblem(report("r", "2026-11-20", "WORKSHOP", "12.5", "1", List.of()), "participants");
        assertProblem(report("r", "2026-11-20", "WORKSHOP", "-1", "1", List.of()), "participants");
        assertProblem(report("r", "2026-11-20", "WORKSHOP", "1e30", "1", List.of()), "participants");
        assertProblem(report("r", "2026-11-20", "WORKSHOP", "1", "10000.5", List.of()), "hours");
        assertProblem(report("r", "2026-11-20", "WORKSHOP", "1", "-0.5", List.of()), "hours");
        // reporting sums hundredths of an hour: 1.333 would be counted as 1.33
        assertProblem(report("r", "2026-11-20", "WORKSHOP", "1", "1.333", List.of()), "hours");
        assertProblem(report("r", "2026-11-20", "WORKSHOP", "1", "0.004", List.of()), "hours");
        assertProblem(report("r", "2026-11-20", "WORKSHOP", "1", "1", List.of("ALIENS")), "audiences");
        assertProblem(ActivityReport.check("r", n("-1"), "tl-1", "2026-11-20", "WORKSHOP", n("1"), null, null, TODAY), "revision");
        assertProblem(ActivityReport.check("r", null, "../etc", "2026-11-20", "WORKSHOP", n("1"), null, null, TODAY), "thirdPlaceId");
        assertProblem(ActivityReport.check("a\u0000b", null, "tl-1", "2026-11-20", "WORKSHOP", n("1"), null, null, TODAY), "reportId");
        assertProblem(ActivityReport.check("r", null, "tl-1", "2026-11-20", "WORKSHOP", null, null, null, TODAY), "participants");
    }

    @Test
    void aNullAudienceIsNamedAsSuch_notAsAMissingList() {
        Checked<ActivityReport> checked = report("r", "2026-11-20", "WORKSHOP", "1", "1",
                java.util.Arrays.asList("YOUNG_PEOPLE", null));

        assertProblem(checked, "audiences");
        assertThat(((Checked.Invalid<ActivityReport>) checked).reason())
                .isEqualTo("audiences has a null entry: each must be one of " + java.util.Arrays.toString(Audience.values()));
    }

    @Test
    void figuresWithNoMoreDecimalsThanReportingCountsAreAccepted() {
        assertThat(report("r", "2026-11-20", "WORKSHOP", "1", "1.25", List.of())).isInstanceOf(Checked.Valid.class);
        assertThat(report("r", "2026-11-20", "WORKSHOP", "1", "1.2500", List.of())).isInstanceOf(Checked.Valid.class);
        assertThat(MonthlyIndicators.check("i", null, "tl-1", "2026-10", null, null, n("2.75"), null, n("0.4525"), TODAY))
                .isInstanceOf(Checked.Valid.class);
    }

    @Test
    void theFirstDayOf2000IsAccepted() {
        assertThat(report("r", "2000-01-01", "WORKSHOP", "1e2", "1", List.of())).isInstanceOf(Checked.Valid.class);
        assertProblem(report("r", "1999-12-31", "WORKSHOP", "1", "1", List.of()), "date");
    }

    @Test
    void everyProblemOfAnItemIsReported() {
        Checked<ActivityReport> checked = ActivityReport.check(null, null, null, null, null, null, null, null, TODAY);

        assertThat(((Checked.Invalid<ActivityReport>) checked).problems()).extracting(Checked.Problem::field)
                .containsExactly("reportId", "thirdPlaceId", "date", "category", "participants");
    }

    @Test
    void monthlyIndicatorsNeedAMonthAndAtLeastOneFigure() {
        Checked<MonthlyIndicators> valid = MonthlyIndicators.check("ind-2026-10", null, "tl-1", "2026-10", n("120"),
                null, n("2.5"), null, n("0.45"), TODAY);
        assertThat(valid).isInstanceOfSatisfying(Checked.Valid.class,
                v -> assertThat(((MonthlyIndicators) v.value()).month()).isEqualTo(YearMonth.of(2026, 10)));

        assertProblem(MonthlyIndicators.check("i", null, "tl-1", "2026-13", n("1"), null, null, null, null, TODAY), "month");
        assertProblem(MonthlyIndicators.check("i", null, "tl-1", "2027-01", n("1"), null, null, null, null, TODAY), "month");
        assertProblem(MonthlyIndicators.check("i", null, "tl-1", "2026-10", null, null, null, null, null, TODAY), "indicators");
        assertProblem(MonthlyIndicators.check("i", null, "tl-1", "2026-10", null, null, null, null, n("1.2"), TODAY), "ownRevenueShare");
        // FTE in hundredths and the share in basis points, as reporting sums them
        assertProblem(MonthlyIndicators.check("i", null, "tl-1", "2026-10", null, null, n("0.333"), null, null, TODAY), "staffFte");
        assertProblem(MonthlyIndicators.check("i", null, "tl-1", "2026-10", null, null, null, null, n("0.33333"), TODAY), "ownRevenueShare");
        assertProblem(MonthlyIndicators.check("i", null, "tl-1", "2026-10", n("3.5"), null, null, null, null, TODAY), "members");
    }

    @Test
    void theContentHashIgnoresTheOrderOfAudiencesButNotTheFigures() {
        ActivityReport a = valid(report("r", "2026-11-20", "WORKSHOP", "3", "1", List.of("SENIORS", "FAMILIES")));
        ActivityReport b = valid(report("r", "2026-11-20", "WORKSHOP", "3", "1.0", List.of("FAMILIES", "SENIORS")));
        ActivityReport c = valid(report("r", "2026-11-20", "WORKSHOP", "4", "1", List.of("FAMILIES", "SENIORS")));

        assertThat(a.contentHash()).isEqualTo(b.contentHash()).isNotEqualTo(c.contentHash());
    }

    private static Checked<ActivityReport> report(String reportId, String date, String category, String participants,
                                                  String hours, List<String> audiences) {
        return ActivityReport.check(reportId, null, "tl-1", date, category, n(participants), n(hours), audiences, TODAY);
    }

    private static ActivityReport valid(Checked<ActivityReport> checked) {
        return ((Checked.Valid<ActivityReport>) checked).value();
    }

    private static void assertProblem(Checked<?> checked, String field) {
        assertThat(checked).isInstanceOfSatisfying(Checked.Invalid.class,
                invalid -> assertThat(invalid.problems()).extracting("field").containsExactly(field));
    }

    private static BigDecimal n(String value) {
        return new BigDecimal(value);
    }
}
