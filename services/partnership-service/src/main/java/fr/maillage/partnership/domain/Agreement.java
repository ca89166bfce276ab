package fr.maillage.partnership.domain;

import java.time.LocalDate;
import java.util.Objects;

/** The occupancy agreement (convention d'occupation) signed with the reserved application. */
public record Agreement(String applicationId, LocalDate startsOn, int months, long monthlyRentEur) {

    public static final int MAX_MONTHS = 600;

    public Agreement {
        Objects.requireNonNull(applicationId, "applicationId");
        if (startsOn == null) {
            throw new DomainViolation("startsOn", "is required");
        }
        Offer.requirePlausible("startsOn", startsOn);
        if (months < 1 || months > MAX_MONTHS) {
            throw new DomainViolation("months", "must be between 1 and " + MAX_MONTHS);
        }
        if (monthlyRentEur < 0 || monthlyRentEur > Offer.MAX_MONTHLY_RENT_EUR) {
            throw new DomainViolation("monthlyRentEur", "must be between 0 and " + Offer.MAX_MONTHLY_RENT_EUR);
        }
    }

    /**
     * The last day of occupancy: the day before the same date {@code months} later; where that month
     * has no such date (from 31 January, one month), its last day, as French law counts months.
     */
    public LocalDate lastDay() {
        return lastDay(startsOn, months);
    }

    static LocalDate lastDay(LocalDate startsOn, int months) {
        LocalDate sameDateLater = startsOn.plusMonths(months);
        boolean monthTooShort = sameDateLater.getDayOfMonth() != startsOn.getDayOfMonth();
        return monthTooShort ? sameDateLater : sameDateLater.minusDays(1);
    }
}
