package fr.maillage.activity.domain;

import fr.maillage.events.IsoTimes;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** One activity (a training, a workshop …) at a tiers-lieu, valid once built. */
public record ActivityReport(String reportId, int revision, String thirdPlaceId, LocalDate date, Category category,
                             int participants, double hours, List<Audience> audiences) implements Submission {

    public static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    public static final int MAX_PARTICIPANTS = 100_000;
    public static final int MAX_HOURS = 10_000;

    public ActivityReport {
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(category, "category");
        if (revision < 0 || participants < 0 || participants > MAX_PARTICIPANTS || !(hours >= 0 && hours <= MAX_HOURS)) {
            throw new IllegalArgumentException("revision, participants or hours out of range");
        }
        audiences = audiences == null ? List.of() : distinctSorted(audiences);
    }

    /** The audiences each once, in their order; as given when they already are (as {@link #check} gives them). */
    private static List<Audience> distinctSorted(List<Audience> audiences) {
        for (int i = 1; i < audiences.size(); i++) {
            if (audiences.get(i - 1).compareTo(audiences.get(i)) >= 0) {
                return audiences.stream().distinct().sorted().toList();
            }
        }
        return List.copyOf(audiences);
    }

    /**
     * Validates what a publisher sent. {@code today} is the latest day anywhere in France (La
     * Réunion's, UTC+4, the easternmost of the départements): no date after it, and none before 2000.
     */
    public static Checked<ActivityReport> check(String reportId, BigDecimal revision, String thirdPlaceId, String date,
                                                String category, BigDecimal participants, BigDecimal hours,
                                                List<String> audiences, LocalDate today) {
        FieldChecks checks = new FieldChecks();
        checks.reportId(reportId);
        int checkedRevision = checks.revision(revision);
        checks.thirdPlaceId(thirdPlaceId);
        LocalDate day = date(checks, date, today);
        Category checkedCategory = checks.oneOf("category", category, Category.class);
        int checkedParticipants = 0;
        if (participants == null) {
            checks.problem("participants", "is required");
        } else {
            checkedParticipants = checks.whole("participants", participants, 0, MAX_PARTICIPANTS);
        }
        double checkedHours = hours == null ? 0 : checks.decimal("hours", hours, 0, MAX_HOURS, 2);
        Set<Audience> checkedAudiences = EnumSet.noneOf(Audience.class);
        if (audiences != null) {
            for (String audience : audiences) {
                if (audience == null) { // not "is required": the list was given, one of its entries is null
                    checks.problem("audiences", "has a null entry: each must be one of "
                            + Arrays.toString(Audience.values()));
                    break;
                }
                Audience known = checks.oneOf("audiences", audience, Audience.class);
                if (known == null) {
                    break;
                }
                checkedAudiences.add(known);
            }
        }
        if (!checks.ok()) {
            return new Checked.Invalid<>(checks.problems());
        }
        return new Checked.Valid<>(new ActivityReport(reportId, checkedRevision, thirdPlaceId, day, checkedCategory,
                checkedParticipants, checkedHours, List.copyOf(checkedAudiences)));
    }

    private static LocalDate date(FieldChecks checks, String date, LocalDate today) {
        if (date == null) {
            checks.problem("date", "is required");
            return null;
        }
        try {
            LocalDate day = IsoTimes.date(date);
            if (day.isBefore(EARLIEST)) {
                checks.problem("date", "must not be before " + EARLIEST);
            } else if (day.isAfter(today)) {
                checks.problem("date", "must not be in the future");
            }
            return day;
        } catch (DateTimeParseException e) {
            checks.problem("date", "must be an ISO date (YYYY-MM-DD)");
            return null;
        }
    }

    @Override
    public Kind kind() {
        return Kind.ACTIVITY_REPORT;
    }

    @Override
    public String canonicalContent() {
        return String.join("|", thirdPlaceId, date.toString(), category.name(), Integer.toString(participants),
                Double.toString(hours), audiences.stream().map(Enum::name).collect(Collectors.joining(",")));
    }
}
