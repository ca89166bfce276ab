package fr.maillage.simulator;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the reporting projections should show for what the simulator published: every report the
 * service accepted counts once, with its latest accepted revision. A higher revision replaces the
 * earlier one (its figures are taken out, the new ones put in); a duplicate, or a revision not
 * higher than the one counted, changes nothing. Answers that said DUPLICATE are fed in too: when
 * the answer to the first attempt was lost, the retry's DUPLICATE is the only news of the report.
 */
final class ExpectedTotals {

    /**
     * One accepted report. {@code key} identifies (publisher, reportId); {@code month} is "YYYY-MM"
     * of its date, {@code place} its tiers-lieu and {@code region} the INSEE code of that place's région.
     */
    record Report(long key, int revision, String category, String month, String place, String region,
                  int participants, double hours) {
    }

    /** Reports, participants and hours of a slice of the totals. */
    record Figures(long reports, long participants, double hours) {
        Figures plus(Report report, int sign) {
            return new Figures(reports + sign, participants + (long) sign * report.participants(),
                    hours + sign * report.hours());
        }
    }

    /** The totals at one moment, in the shape of reporting's activity answer. */
    record Snapshot(long reports, long participants, double hours, Map<String, Figures> byCategory,
                    Map<String, Figures> byMonth, Map<String, Figures> byRegion, Map<String, Figures> byPlace) {
    }

    private static final Figures NONE = new Figures(0, 0, 0);

    private final Map<Long, Report> counted = new HashMap<>();
    private Figures total = NONE;
    private final Map<String, Figures> byCategory = new TreeMap<>();
    private final Map<String, Figures> byMonth = new TreeMap<>();
    private final Map<String, Figures> byRegion = new TreeMap<>();
    private final Map<String, Figures> byPlace = new TreeMap<>();

    /** Counts a report the service accepted (or said was a duplicate of an accepted one); true if the totals changed. */
    synchronized boolean accept(Report report) {
        Report previous = counted.get(report.key());
        if (previous != null && previous.revision() >= report.revision()) {
            return false;
        }
        if (previous != null) {
            apply(previous, -1);
        }
        apply(report, 1);
        counted.put(report.key(), report);
        return true;
    }

    private void apply(Report report, int sign) {
        total = total.plus(report, sign);
        byCategory.merge(report.category(), NONE.plus(report, sign), (a, b) -> a.plus(report, sign));
        byMonth.merge(report.month(), NONE.plus(report, sign), (a, b) -> a.plus(report, sign));
        byRegion.merge(report.region(), NONE.plus(report, sign), (a, b) -> a.plus(report, sign));
        byPlace.merge(report.place(), NONE.plus(report, sign), (a, b) -> a.plus(report, sign));
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(total.reports(), total.participants(), total.hours(), new LinkedHashMap<>(byCategory),
                new LinkedHashMap<>(byMonth), new LinkedHashMap<>(byRegion), new LinkedHashMap<>(byPlace));
    }
}
