package fr.maillage.reporting.domain;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable copy of the activity counters that public queries read: the national cube (month ×
 * category × région) and the counters per Fabrique network (the Fabrique and its members), month and région. A new copy replaces the old
 * after each batch, so a query never sees half a batch and never waits for the store.
 *
 * <p>Both are kept per month, and a copy shares the months a batch did not change with the view it
 * replaces: a batch is mostly this month's reports, and copying years of cells after each batch was
 * most of what the view cost the collector.
 */
public final class ActivityView {

    public record CubeKey(String month, String category, String region) {
    }

    /** A network's cell of a month: the activity of the Fabrique and its members in one région. */
    record NetworkKey(String fabriqueId, String region) {
    }

    private static final ActivityView EMPTY = new ActivityView(Map.of(), Map.of());

    /** By month: its cells, by key. */
    private final Map<String, Map<CubeKey, Measures>> cube;
    /** By month: each network's counters, by Fabrique id and région of the members. */
    private final Map<String, Map<NetworkKey, Measures>> networks;
    private volatile ActivitySummary everything;

    private ActivityView(Map<String, Map<CubeKey, Measures>> cube, Map<String, Map<NetworkKey, Measures>> networks) {
        this.cube = cube;
        this.networks = networks;
    }

    public static ActivityView empty() {
        return EMPTY;
    }

    /**
     * A copy where the given counters replace their earlier values; the keys are those of
     * {@link ActivityReport#cubeKey} and {@link ActivityReport#networkKey}.
     */
    public ActivityView with(Map<String, Measures> documents) {
        if (documents.isEmpty()) {
            return this;
        }
        Map<String, Map<CubeKey, Measures>> nextCube = new HashMap<>(cube);
        Map<String, Map<NetworkKey, Measures>> nextNetworks = new HashMap<>(networks);
        Map<String, Map<CubeKey, Measures>> copiedCube = new HashMap<>();
        Map<String, Map<NetworkKey, Measures>> copiedNetworks = new HashMap<>();
        documents.forEach((key, measures) -> {
            if (key.startsWith(ActivityReport.NETWORK)) {
                String[] parts = key.substring(ActivityReport.NETWORK.length()).split("\\|", -1);
                if (parts.length == 3) {
                    put(month(nextNetworks, copiedNetworks, parts[1]), new NetworkKey(parts[0], parts[2]), measures);
                }
            } else {
                String[] parts = key.split("\\|", -1);
                if (parts.length == 3) {
                    put(month(nextCube, copiedCube, parts[0]), new CubeKey(parts[0], parts[1], parts[2]), measures);
                }
            }
        });
        // the copies are never changed once published: wrapped, not copied a second time
        publish(nextCube, copiedCube);
        publish(nextNetworks, copiedNetworks);
        return new ActivityView(Collections.unmodifiableMap(nextCube), Collections.unmodifiableMap(nextNetworks));
    }

    /** The month's map to change in this copy: copied once from the previous view. */
    private static <K> Map<K, Measures> month(Map<String, Map<K, Measures>> next, Map<String, Map<K, Measures>> copied,
                                              String month) {
        return copied.computeIfAbsent(month, m -> new HashMap<>(next.getOrDefault(m, Map.of())));
    }

    private static <K> void publish(Map<String, Map<K, Measures>> next, Map<String, Map<K, Measures>> copied) {
        copied.forEach((month, cells) -> {
            if (cells.isEmpty()) {
                next.remove(month);
            } else {
                next.put(month, Collections.unmodifiableMap(cells));
            }
        });
    }

    private static <K> void put(Map<K, Measures> map, K key, Measures measures) {
        if (measures.isZero()) {
            map.remove(key);
        } else {
            map.put(key, measures);
        }
    }

    public ActivitySummary summary(ActivityFilter filter) {
        if (filter.equals(ActivityFilter.ALL)) {
            ActivitySummary cached = everything;
            if (cached == null) {
                cached = compute(filter);
                everything = cached;
            }
            return cached;
        }
        return compute(filter);
    }

    /**
     * Sums the matching cells. The sums are made in place ({@link Sum}): a summary of years of
     * cells made four new {@code Measures} per cell, and a new view after each batch needs it again.
     */
    private ActivitySummary compute(ActivityFilter filter) {
        Sum total = new Sum();
        Map<String, Sum> byMonth = new HashMap<>();
        Map<String, Sum> byCategory = new HashMap<>();
        Map<String, Sum> byRegion = new HashMap<>();
        for (Map.Entry<String, Map<CubeKey, Measures>> month : cube.entrySet()) {
            if (!filter.coversMonth(month.getKey())) {
                continue;
            }
            for (Map.Entry<CubeKey, Measures> cell : month.getValue().entrySet()) {
                CubeKey key = cell.getKey();
                if (filter.matches(key.month(), key.category(), key.region())) {
                    Measures measures = cell.getValue();
                    total.add(measures);
                    byMonth.computeIfAbsent(key.month(), k -> new Sum()).add(measures);
                    byCategory.computeIfAbsent(key.category(), k -> new Sum()).add(measures);
                    byRegion.computeIfAbsent(key.region(), k -> new Sum()).add(measures);
                }
            }
        }
        return new ActivitySummary(total.measures(), sorted(byMonth), sorted(byCategory), sorted(byRegion));
    }

    private static Map<String, Measures> sorted(Map<String, Sum> sums) {
        Map<String, Measures> result = new TreeMap<>();
        sums.forEach((key, sum) -> result.put(key, sum.measures()));
        return result;
    }

    /** A running sum of measures, changed in place while a summary is computed and never shared. */
    private static final class Sum {
        private long reports;
        private long participants;
        private long hoursHundredths;

        void add(Measures measures) {
            reports += measures.reports();
            participants += measures.participants();
            hoursHundredths += measures.hoursHundredths();
        }

        Measures measures() {
            return new Measures(reports, participants, hoursHundredths);
        }
    }

    /**
     * Activity per Fabrique network over the filter's months, by Fabrique id; with a région, only
     * the activity in that région (the category does not apply).
     */
    public Map<String, Measures> byNetwork(ActivityFilter filter) {
        Map<String, Measures> result = new TreeMap<>();
        networks.forEach((month, counters) -> {
            if (filter.coversMonth(month)) {
                counters.forEach((key, measures) -> {
                    if (filter.region() == null || filter.region().equals(key.region())) {
                        result.merge(key.fabriqueId(), measures, Measures::plus);
                    }
                });
            }
        });
        return result;
    }
}
