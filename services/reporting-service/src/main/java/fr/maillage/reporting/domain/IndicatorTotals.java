package fr.maillage.reporting.domain;

/** Monthly indicators summed over the tiers-lieux that published them. */
public record IndicatorTotals(long places, long members, long deskDays, long staffFteHundredths, long volunteers,
                              long ownRevenueShareBasisPoints, long ownRevenueShareReports) {

    public static final IndicatorTotals ZERO = new IndicatorTotals(0, 0, 0, 0, 0, 0, 0);

    public static IndicatorTotals of(long[] counters) {
        return new IndicatorTotals(counters[0], counters[1], counters[2], counters[3], counters[4], counters[5],
                counters[6]);
    }

    public IndicatorTotals plus(IndicatorTotals other) {
        return new IndicatorTotals(places + other.places, members + other.members, deskDays + other.deskDays,
                staffFteHundredths + other.staffFteHundredths, volunteers + other.volunteers,
                ownRevenueShareBasisPoints + other.ownRevenueShareBasisPoints,
                ownRevenueShareReports + other.ownRevenueShareReports);
    }

    public boolean isZero() {
        return places == 0 && members == 0 && deskDays == 0 && staffFteHundredths == 0 && volunteers == 0
                && ownRevenueShareBasisPoints == 0 && ownRevenueShareReports == 0;
    }

    public double staffFte() {
        return staffFteHundredths / 100.0;
    }

    /** Average share of own revenue among the places that gave one, or null when none did. */
    public Double ownRevenueShareAverage() {
        return ownRevenueShareReports == 0 ? null
                : Math.round((double) ownRevenueShareBasisPoints / ownRevenueShareReports) / 10_000.0;
    }
}
