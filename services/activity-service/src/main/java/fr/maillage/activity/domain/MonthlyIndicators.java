package fr.maillage.activity.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Pattern;

/** The monthly figures of a tiers-lieu, valid once built; at least one figure is given. */
public record MonthlyIndicators(String reportId, int revision, String thirdPlaceId, YearMonth month, Integer members,
                                Integer deskDays, Double staffFte, Integer volunteers, Double ownRevenueShare)
        implements Submission {

    private static final Pattern MONTH = Pattern.compile("^[0-9]{4}-(0[1-9]|1[0-2])$");
    private static final YearMonth EARLIEST = YearMonth.of(2000, 1);

    public MonthlyIndicators {
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        Objects.requireNonNull(month, "month");
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative");
        }
        if (members == null && deskDays == null && staffFte == null && volunteers == null && ownRevenueShare == null) {
            throw new IllegalArgumentException("monthly indicators give at least one figure");
        }
    }

    /** Validates what a publisher sent; the month may not be after {@code today}'s, the latest day anywhere in France. */
    public static Checked<MonthlyIndicators> check(String reportId, BigDecimal revision, String thirdPlaceId,
                                                   String month, BigDecimal members, BigDecimal deskDays,
                                                   BigDecimal staffFte, BigDecimal volunteers,
                                                   BigDecimal ownRevenueShare, LocalDate today) {
        FieldChecks checks = new FieldChecks();
        checks.reportId(reportId);
        int checkedRevision = checks.revision(revision);
        checks.thirdPlaceId(thirdPlaceId);
        YearMonth checkedMonth = month(checks, month, today);
        Integer checkedMembers = checks.optionalWhole("members", members, 0, 1_000_000);
        Integer checkedDeskDays = checks.optionalWhole("deskDays", deskDays, 0, 1_000_000);
        Double checkedStaff = checks.optionalDecimal("staffFte", staffFte, 0, 10_000, 2);
        Integer checkedVolunteers = checks.optionalWhole("volunteers", volunteers, 0, 1_000_000);
        Double checkedShare = checks.optionalDecimal("ownRevenueShare", ownRevenueShare, 0, 1, 4);
        if (members == null && deskDays == null && staffFte == null && volunteers == null && ownRevenueShare == null) {
            checks.problem("indicators", "must give at least one of members, deskDays, staffFte, volunteers, ownRevenueShare");
        }
        if (!checks.ok()) {
            return new Checked.Invalid<>(checks.problems());
        }
        return new Checked.Valid<>(new MonthlyIndicators(reportId, checkedRevision, thirdPlaceId, checkedMonth,
                checkedMembers, checkedDeskDays, checkedStaff, checkedVolunteers, checkedShare));
    }

    private static YearMonth month(FieldChecks checks, String month, LocalDate today) {
        if (month == null) {
            checks.problem("month", "is required");
            return null;
        }
        if (!MONTH.matcher(month).matches()) {
            checks.problem("month", "must be a month as YYYY-MM");
            return null;
        }
        try {
            YearMonth value = YearMonth.parse(month);
            if (value.isBefore(EARLIEST)) {
                checks.problem("month", "must not be before " + EARLIEST);
            } else if (value.isAfter(YearMonth.from(today))) {
                checks.problem("month", "must not be in the future");
            }
            return value;
        } catch (DateTimeParseException e) {
            checks.problem("month", "must be a month as YYYY-MM");
            return null;
        }
    }

    @Override
    public Kind kind() {
        return Kind.MONTHLY_INDICATORS;
    }

    @Override
    public String subject() {
        return thirdPlaceId + "|" + month;
    }

    @Override
    public String canonicalContent() {
        return String.join("|", thirdPlaceId, month.toString(), String.valueOf(members), String.valueOf(deskDays),
                String.valueOf(staffFte), String.valueOf(volunteers), String.valueOf(ownRevenueShare));
    }
}
