package fr.maillage.reporting.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** An immutable copy of the monthly indicator totals per month and région. */
public final class IndicatorsView {

    private record Key(String month, String region) {
    }

    private final Map<Key, IndicatorTotals> totals;

    private IndicatorsView(Map<Key, IndicatorTotals> totals) {
        this.totals = totals;
    }

    public static IndicatorsView empty() {
        return new IndicatorsView(Map.of());
    }

    /** A copy where the documents read from the store ({@link MonthlyIndicators#totalsKey}) replace their values. */
    public IndicatorsView with(Map<String, IndicatorTotals> documents) {
        if (documents.isEmpty()) {
            return this;
        }
        Map<Key, IndicatorTotals> next = new HashMap<>(totals);
        documents.forEach((id, value) -> {
            int bar = id.indexOf('|');
            Key key = new Key(id.substring(0, bar), id.substring(bar + 1));
            if (value.isZero()) {
                next.remove(key);
            } else {
                next.put(key, value);
            }
        });
        return new IndicatorsView(Map.copyOf(next));
    }

    /** Per month the filter covers, the totals of each région (whatever the filter's région). */
    public Map<String, Map<String, IndicatorTotals>> byRegion(ActivityFilter filter) {
        Map<String, Map<String, IndicatorTotals>> result = new TreeMap<>();
        totals.forEach((key, value) -> {
            if (filter.coversMonth(key.month())) {
                result.computeIfAbsent(key.month(), month -> new HashMap<>()).put(key.region(), value);
            }
        });
        return result;
    }

    public Map<String, IndicatorTotals> byMonth(ActivityFilter filter) {
        Map<String, IndicatorTotals> result = new TreeMap<>();
        totals.forEach((key, value) -> {
            if (filter.coversMonth(key.month()) && (filter.region() == null || filter.region().equals(key.region()))) {
                result.merge(key.month(), value, IndicatorTotals::plus);
            }
        });
        return result;
    }
}
