package fr.maillage.reporting.domain;

import fr.maillage.events.registry.ThirdPlaceState;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Counts of tiers-lieux by dimension, kept exact by replacing a place's contribution when its
 * state changes: the old state is subtracted, the new one added.
 */
public final class PlaceCounts {

    public static final String METROPOLE = "METROPOLE";
    public static final String OTHER = "OTHER";

    private long total;
    private final Map<String, Long> byStatus = new TreeMap<>();
    private final Map<String, Long> byRegion = new TreeMap<>();
    private final Map<String, Long> byDepartement = new TreeMap<>();
    private final Map<String, Long> byTerritory = new TreeMap<>(Map.of(METROPOLE, 0L, OTHER, 0L));
    private final Map<String, Long> bySizeClass = new TreeMap<>();
    private final Map<String, Long> byTypology = new TreeMap<>();

    public void replace(ThirdPlaceState before, ThirdPlaceState after) {
        if (before != null) {
            add(before, -1);
        }
        if (after != null) {
            add(after, +1);
        }
    }

    private void add(ThirdPlaceState place, int sign) {
        total += sign;
        bump(byStatus, place.status(), sign);
        bump(byRegion, place.region(), sign);
        bump(byDepartement, place.departement(), sign);
        byTerritory.merge(place.inMetropole() ? METROPOLE : OTHER, (long) sign, Long::sum);
        bump(bySizeClass, place.sizeClass(), sign);
        if (place.typologies().isEmpty()) {
            bump(byTypology, "UNTYPED", sign);
        }
        place.typologies().forEach(typology -> bump(byTypology, typology, sign));
    }

    private static void bump(Map<String, Long> counts, String key, int sign) {
        if (key == null) {
            return;
        }
        long next = counts.getOrDefault(key, 0L) + sign;
        if (next == 0) {
            counts.remove(key);
        } else {
            counts.put(key, next);
        }
    }

    public Overview snapshot(Instant asOf) {
        return new Overview(total, Map.copyOf(byStatus), new TreeMap<>(byRegion), new TreeMap<>(byDepartement),
                new TreeMap<>(byTerritory), new TreeMap<>(bySizeClass), new TreeMap<>(byTypology), asOf);
    }

    /** Counts of the places matching a filter, computed afresh (for regional views). */
    public static Overview of(Iterable<ThirdPlaceState> places, Predicate<ThirdPlaceState> filter, Instant asOf) {
        PlaceCounts counts = new PlaceCounts();
        for (ThirdPlaceState place : places) {
            if (filter.test(place)) {
                counts.add(place, +1);
            }
        }
        return counts.snapshot(asOf);
    }
}
