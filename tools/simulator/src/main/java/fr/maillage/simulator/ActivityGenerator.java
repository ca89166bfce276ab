package fr.maillage.simulator;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Draws plausible activity: mostly workshops, trainings, events and coworking; small groups most
 * of the time and the odd large event; durations that fit the kind of activity; dates over the
 * last year, more of them recent.
 */
final class ActivityGenerator {

    enum Category {
        WORKSHOP(25, 10, 2, 3), TRAINING(15, 9, 7, 28), EVENT(14, 45, 2, 6), COWORKING(12, 7, 8, 8),
        DIGITAL_MEDIATION(12, 5, 1, 2), BUSINESS_SUPPORT(7, 3, 1, 3), APPRENTICESHIP(5, 2, 35, 140),
        PUBLIC_AGENT_TRAINING(5, 12, 7, 14), OTHER(5, 8, 1, 4);

        final int weight;
        final int typicalParticipants;
        final int minHours;
        final int maxHours;

        Category(int weight, int typicalParticipants, int minHours, int maxHours) {
            this.weight = weight;
            this.typicalParticipants = typicalParticipants;
            this.minHours = minHours;
            this.maxHours = maxHours;
        }
    }

    enum Audience { YOUNG_PEOPLE, JOB_SEEKERS, SENIORS, COMPANIES, PUBLIC_AGENTS, FAMILIES, STUDENTS, ASSOCIATIONS, GENERAL_PUBLIC, OTHER }

    /** A report as the simulator sends it; {@code key} identifies it within the run (see {@link ExpectedTotals}). */
    record Draft(long key, String reportId, int revision, String thirdPlaceId, String region, LocalDate date, Category category,
                 int participants, double hours, List<Audience> audiences) {

        String month() {
            return MONTHS.computeIfAbsent(date.getYear() * 100 + date.getMonthValue(),
                    ym -> date.toString().substring(0, 7));
        }

        ExpectedTotals.Report counted() {
            return new ExpectedTotals.Report(key, revision, category.name(), month(), thirdPlaceId, region, participants,
                    hours);
        }

        /** The fields of the HTTP API. */
        Map<String, Object> body() {
            return Map.of("reportId", reportId, "revision", revision, "thirdPlaceId", thirdPlaceId,
                    "date", date.toString(), "category", category.name(), "participants", participants,
                    "hours", hours, "audiences", audiences.stream().map(Enum::name).toList());
        }
    }

    private static final Map<Integer, String> MONTHS = new ConcurrentHashMap<>();
    private static final int TOTAL_WEIGHT = java.util.Arrays.stream(Category.values()).mapToInt(c -> c.weight).sum();

    private final SplittableRandom random;

    ActivityGenerator(SplittableRandom random) {
        this.random = random;
    }

    Draft report(long key, String reportId, String thirdPlaceId, String region) {
        Category category = category();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        double u = random.nextDouble();
        LocalDate date = today.minusDays((long) Math.floor(365 * u * u));
        return new Draft(key, reportId, 0, thirdPlaceId, region, date, category, participants(category), hours(category),
                audiences(category));
    }

    /** The same report, corrected: a higher revision with other figures. */
    Draft revise(Draft draft) {
        int participants = Math.max(0, draft.participants() + random.nextInt(-3, 6));
        return new Draft(draft.key(), draft.reportId(), draft.revision() + 1, draft.thirdPlaceId(), draft.region(), draft.date(),
                draft.category(), participants, hours(draft.category()), draft.audiences());
    }

    private Category category() {
        int draw = random.nextInt(TOTAL_WEIGHT);
        for (Category category : Category.values()) {
            draw -= category.weight;
            if (draw < 0) {
                return category;
            }
        }
        return Category.OTHER;
    }

    /** Right-skewed around the typical size; now and then a crowd (a festival, an open day). */
    private int participants(Category category) {
        if (random.nextInt(200) == 0) {
            return 100 + random.nextInt(1900);
        }
        double logNormal = Math.exp(random.nextGaussian() * 0.6);
        return (int) Math.max(1, Math.min(100_000, Math.round(category.typicalParticipants * logNormal)));
    }

    /** In half hours, so that every total is exact. */
    private double hours(Category category) {
        int halves = random.nextInt(category.minHours * 2, category.maxHours * 2 + 1);
        return halves / 2.0;
    }

    private List<Audience> audiences(Category category) {
        Set<Audience> audiences = EnumSet.noneOf(Audience.class);
        switch (category) {
            case PUBLIC_AGENT_TRAINING -> audiences.add(Audience.PUBLIC_AGENTS);
            case APPRENTICESHIP -> audiences.add(random.nextBoolean() ? Audience.YOUNG_PEOPLE : Audience.STUDENTS);
            case DIGITAL_MEDIATION -> audiences.add(random.nextBoolean() ? Audience.SENIORS : Audience.JOB_SEEKERS);
            case BUSINESS_SUPPORT, COWORKING -> audiences.add(Audience.COMPANIES);
            default -> audiences.add(Audience.GENERAL_PUBLIC);
        }
        int more = random.nextInt(3);
        for (int i = 0; i < more; i++) {
            audiences.add(Audience.values()[random.nextInt(Audience.values().length)]);
        }
        return new ArrayList<>(audiences);
    }
}
