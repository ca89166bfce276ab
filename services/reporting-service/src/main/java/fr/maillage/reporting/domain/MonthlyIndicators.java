package fr.maillage.reporting.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The latest monthly indicators of one tiers-lieu for one month: a higher revision replaces them in
 * the totals of the month and région.
 */
public record MonthlyIndicators(String thirdPlaceId, String month, long revision, String region, Integer members,
                                Integer deskDays, Double staffFte, Integer volunteers, Double ownRevenueShare)
        implements RevisionWalk.Fact {

    /**
     * Counters of every cell, in this order (FTE in hundredths, revenue share in basis points). Every
     * indicator is optional, so each has the count of places that gave it: a sum is one place's own
     * figure when one place gave it, however many places sent indicators that month.
     */
    public static final List<String> COUNTERS = List.of("places", "members", "membersReports", "deskDays",
            "deskDaysReports", "staffFte100", "staffFteReports", "volunteers", "volunteersReports", "ownRevenueShareBp",
            "ownRevenueShareReports");

    public static final String TOTALS = "m:";

    public MonthlyIndicators {
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(region, "region");
    }

    @Override
    public String id() {
        return thirdPlaceId + "|" + month;
    }

    /** A revision of a tiers-lieu's month stays in the région it was first counted in, as an activity report's does. */
    @Override
    public RevisionWalk.Fact revising(RevisionWalk.Fact earlier) {
        if (earlier instanceof MonthlyIndicators first && !first.region.equals(region)) {
            return new MonthlyIndicators(thirdPlaceId, month, revision, first.region, members, deskDays, staffFte,
                    volunteers, ownRevenueShare);
        }
        return this;
    }

    public static String totalsKey(String month, String region) {
        return month + "|" + region;
    }

    @Override
    public Map<RevisionWalk.Cell, long[]> contributions() {
        long[] counters = {1,
                orZero(members), given(members),
                orZero(deskDays), given(deskDays),
                staffFte == null ? 0 : Math.round(staffFte * 100), given(staffFte),
                orZero(volunteers), given(volunteers),
                ownRevenueShare == null ? 0 : Math.round(ownRevenueShare * 10_000), given(ownRevenueShare)};
        return Map.of(new RevisionWalk.Cell(TOTALS + totalsKey(month, region), ""), counters);
    }

    private static long orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long given(Object value) {
        return value == null ? 0 : 1;
    }
}
