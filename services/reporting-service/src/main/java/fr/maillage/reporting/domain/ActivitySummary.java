package fr.maillage.reporting.domain;

import java.util.Map;

/** Activity totals for a filter, and their breakdowns by month, category and région. */
public record ActivitySummary(Measures total, Map<String, Measures> byMonth, Map<String, Measures> byCategory,
                              Map<String, Measures> byRegion) {
}
