package fr.maillage.reporting.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The latest revision of one activity report, as reporting counts it: in the national cube (month ×
 * category × région), in its Fabrique's network and in its tiers-lieu's detail.
 */
public record ActivityReport(String id, long revision, String month, String category, String region,
                             String networkFabriqueId, String thirdPlaceId, long participants, long hoursHundredths)
        implements RevisionWalk.Fact {

    /** Counters of every cell, in this order. */
    public static final List<String> COUNTERS = List.of("reports", "participants", "hours100");

    public static final String TOTALS = "t:";
    public static final String PLACES = "p:";
    public static final String NETWORK = "net|";

    public ActivityReport {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
    }

    /**
     * A revision of a report on the same tiers-lieu and month stays in the région and network it was
     * counted in: the event carries the place's région and network when the revision is published,
     * and a place that moved or changed network since would otherwise take its past months along (a
     * région's analyst would then read another région's past). A revision moving the report to
     * another tiers-lieu or month is counted as a first report of it would be, in the event's: the
     * région the place had then was that of the month left, not necessarily of the month reached.
     */
    @Override
    public RevisionWalk.Fact revising(RevisionWalk.Fact earlier) {
        if (earlier instanceof ActivityReport first && first.thirdPlaceId.equals(thirdPlaceId) && first.month.equals(month)
                && (!first.region.equals(region) || !Objects.equals(first.networkFabriqueId, networkFabriqueId))) {
            return new ActivityReport(id, revision, month, category, first.region, first.networkFabriqueId, thirdPlaceId,
                    participants, hoursHundredths);
        }
        return this;
    }

    public static String id(String publisherId, String reportId) {
        return publisherId + "|" + reportId;
    }

    public static long hundredths(double hours) {
        return Math.round(hours * 100);
    }

    /** The cube cell of a month, category and région, e.g. {@code 2026-11|WORKSHOP|52}. */
    public static String cubeKey(String month, String category, String region) {
        return month + "|" + category + "|" + region;
    }

    /**
     * A network's cell of a month and of the reporting place's région: a région's analyst reads only
     * what was done in that région, even in the network of a Fabrique of that région.
     */
    public static String networkKey(String fabriqueId, String month, String region) {
        return NETWORK + fabriqueId + "|" + month + "|" + region;
    }

    /**
     * The cube is stored as one document per month with a cell per category and région, and each
     * network as one document with a cell per month and région: a batch then updates a few documents rather
     * than one per cell. A cell's key in the views is its document's key, {@code |}, its part.
     */
    @Override
    public Map<RevisionWalk.Cell, long[]> contributions() {
        long[] counters = {1, participants, hoursHundredths};
        Map<RevisionWalk.Cell, long[]> cells = new LinkedHashMap<>();
        cells.put(new RevisionWalk.Cell(TOTALS + month, category + "|" + region), counters);
        if (networkFabriqueId != null) {
            cells.put(new RevisionWalk.Cell(TOTALS + NETWORK + networkFabriqueId, month + "|" + region), counters);
        }
        // by month and région: a place that moves shows each région's analyst only what was counted there
        cells.put(new RevisionWalk.Cell(PLACES + thirdPlaceId, month + "|" + region), counters);
        return cells;
    }
}
