package fr.maillage.events.activity;

import java.time.Instant;
import java.util.Objects;

/**
 * The monthly figures of a tiers-lieu (members, coworking desk-days, staff, volunteers, share of
 * own revenue). Same identity rules as {@link ActivityReportPublished}. {@code month} is "YYYY-MM".
 */
public record MonthlyIndicatorsPublished(
        String publisherId,
        String reportId,
        int revision,
        String thirdPlaceId,
        String month,
        Integer members,
        Integer deskDays,
        Double staffFte,
        Integer volunteers,
        Double ownRevenueShare,
        String region,
        Instant publishedAt) {

    public MonthlyIndicatorsPublished {
        Objects.requireNonNull(publisherId, "publisherId");
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(publishedAt, "publishedAt");
        if (!month.matches("\\d{4}-(0[1-9]|1[0-2])")) {
            throw new IllegalArgumentException("month must be YYYY-MM");
        }
        // the schema's bounds: a reader must not add a negative count or a share above 1 to public totals
        if (revision < 0 || negative(members) || negative(deskDays) || negative(volunteers)
                || staffFte != null && !(staffFte >= 0)
                || ownRevenueShare != null && !(ownRevenueShare >= 0 && ownRevenueShare <= 1)) {
            throw new IllegalArgumentException("revision, members, deskDays, staffFte and volunteers must not be negative,"
                    + " and ownRevenueShare must be between 0 and 1");
        }
    }

    private static boolean negative(Integer count) {
        return count != null && count < 0;
    }
}
