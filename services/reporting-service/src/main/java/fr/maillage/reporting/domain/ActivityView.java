package fr.maillage.reporting.domain;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable copy of the activity counters that public queries read: the national cube (month ×
 * category × région) and the counters per Fabrique network and month. A new copy replaces the old
 * after each batch, so a query never sees half a batch and never waits for the store.
 */
public final class ActivityView {

    public record CubeKey(String month, String category, String region) {
    }

    public record NetworkKey(String fabriqueId, String month) {
    }

    private static final ActivityView EMPTY = new ActivityView(Map.of(), Map.of());

    private final Map<CubeKey, Measures> cube;
    private final Map<NetworkKey, Measures> networks;
    private volatile ActivitySummary everything;

    private ActivityView(Map<CubeKey, Measures> cube, Map<NetworkKey, Measures> networks) {
        this.cube = cube;
        this.networks = networks;
    }

    public static ActivityView empty() {
        return EMPTY;
    }

    /**
     * A copy where the counter documents read from the store replace their earlier values; the
     * keys are those of {@link ActivityReport#cubeKey} and {@link ActivityReport#networkKey}.
     */
    public ActivityView with(Map<String, Measures> documents) {
        if (documents.isEmpty()) {
            return this;
        }
        Map<CubeKey, Measures> nextCube = new HashMap<>(cube);
        Map<NetworkKey, Measures> nextNetworks = new HashMap<>(networks);
        documents.forEach((key, measures) -> {
            if (key.startsWith(ActivityReport.NETWORK)) {
                int last = key.lastIndexOf('|');
                NetworkKey network = new NetworkKey(key.substring(ActivityReport.NETWORK.length(), last),
                        key.substring(last + 1));
                put(nextNetworks, network, measures);
            } else {
                String[] parts = key.split("\\|", -1);
                if (parts.length == 3) {
                    put(nextCube, new CubeKey(parts[0], parts[1], parts[2]), measures);
                }
            }
        });
        // the copies are never changed once published: wrapped, not copied a second time
        return new ActivityView(Collections.unmodifiableMap(nextCube), Collections.unmodifiableMap(nextNetworks));
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

    private ActivitySummary compute(ActivityFilter filter) {
        Measures total = Measures.ZERO;
        Map<String, Measures> byMonth = new TreeMap<>();
        Map<String, Measures> byCategory = new TreeMap<>();
        Map<String, Measures> byRegion = new TreeMap<>();
        for (Map.Entry<CubeKey, Measures> cell : cube.entrySet()) {
            CubeKey key = cell.getKey();
            if (filter.matches(key.month(), key.category(), key.region())) {
                Measures measures = cell.getValue();
                total = total.plus(measures);
                byMonth.merge(key.month(), measures, Measures::plus);
                byCategory.merge(key.category(), measures, Measures::plus);
                byRegion.merge(key.region(), measures, Measures::plus);
            }
        }
        return new ActivitySummary(total, byMonth, byCategory, byRegion);
    }

    /** Activity per Fabrique network over the filter's months (its région and category do not apply). */
    public Map<String, Measures> byNetwork(ActivityFilter filter) {
        Map<String, Measures> result = new TreeMap<>();
        networks.forEach((key, measures) -> {
            if (filter.coversMonth(key.month())) {
                result.merge(key.fabriqueId(), measures, Measures::plus);
            }
        });
        return result;
    }
}
