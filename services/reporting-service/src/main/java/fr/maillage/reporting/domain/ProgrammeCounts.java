package fr.maillage.reporting.domain;

import fr.maillage.events.registry.ThirdPlaceState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Counts of the Fabrique programme and of facilitators, kept exact like {@link PlaceCounts}: a
 * place's old state is subtracted and its new state added.
 */
public final class ProgrammeCounts {

    private final Set<String> labelled = new TreeSet<>();
    private final Map<String, Long> byTrack = new TreeMap<>();
    private final Map<String, Long> byWave = new TreeMap<>();
    private final Map<String, Long> members = new HashMap<>();
    private long places;
    private long withFacilitator;
    private long withCertified;
    private long facilitators;
    private long certifiedFacilitators;
    private final Map<String, long[]> certifiedByRegion = new TreeMap<>();

    public void replace(ThirdPlaceState before, ThirdPlaceState after) {
        if (before != null) {
            add(before, -1);
        }
        if (after != null) {
            add(after, +1);
        }
    }

    private void add(ThirdPlaceState place, int sign) {
        if (place.fabriqueInForce()) {
            if (sign > 0) {
                labelled.add(place.thirdPlaceId());
            } else {
                labelled.remove(place.thirdPlaceId());
            }
            bump(byTrack, place.fabriqueLabel().track(), sign);
            bump(byWave, Integer.toString(place.fabriqueLabel().wave()), sign);
        }
        String network = place.networkFabriqueId();
        if (network != null && !network.equals(place.thirdPlaceId()) && !"CLOSED".equals(place.status())) {
            // a closed place keeps its network in the registry but is no longer animated in it
            bump(members, network, sign);
        }
        if (!"OPEN".equals(place.status())) {
            // the share is of places that exist: a project has not opened, and a closed place keeps
            // the counts it had when it closed (as its Fabrique is no longer counted once closed)
            return;
        }
        places += sign;
        withFacilitator += place.facilitators() > 0 ? sign : 0;
        withCertified += place.certifiedFacilitators() > 0 ? sign : 0;
        facilitators += (long) sign * place.facilitators();
        certifiedFacilitators += (long) sign * place.certifiedFacilitators();
        long[] region = certifiedByRegion.computeIfAbsent(place.region(), code -> new long[2]);
        region[0] += sign;
        region[1] += place.certifiedFacilitators() > 0 ? sign : 0;
        if (region[0] == 0) {
            certifiedByRegion.remove(place.region());
        }
    }

    private static void bump(Map<String, Long> counts, String key, int sign) {
        long next = counts.getOrDefault(key, 0L) + sign;
        if (next == 0) {
            counts.remove(key);
        } else {
            counts.put(key, next);
        }
    }

    /** The programme; {@code places} finds a Fabrique's current state (for its name and région). */
    public FabriqueProgramme programme(Function<String, ThirdPlaceState> places, Instant asOf) {
        Map<String, Long> tracks = new TreeMap<>(Map.of("QPV", 0L, "RURAL", 0L));
        tracks.putAll(byTrack);
        Set<String> fabriques = new TreeSet<>(labelled);
        fabriques.addAll(members.keySet());
        List<FabriqueProgramme.Network> networks = new ArrayList<>();
        for (String fabriqueId : fabriques) {
            ThirdPlaceState fabrique = places.apply(fabriqueId);
            networks.add(new FabriqueProgramme.Network(fabriqueId, fabrique == null ? null : fabrique.name(),
                    fabrique == null ? null : fabrique.region(), members.getOrDefault(fabriqueId, 0L)));
        }
        networks.sort(Comparator.comparing(FabriqueProgramme.Network::members).reversed()
                .thenComparing(FabriqueProgramme.Network::fabriqueId));
        long animated = networks.stream().filter(FabriqueProgramme.Network::isAnimated).count();
        return new FabriqueProgramme(labelled.size(), FabriqueProgramme.TARGET, tracks, new TreeMap<>(byWave),
                animated, List.copyOf(networks), asOf);
    }

    public FacilitatorShare facilitators(Instant asOf) {
        Map<String, FacilitatorShare.RegionShare> regions = new TreeMap<>();
        certifiedByRegion.forEach((region, counts) -> regions.put(region,
                new FacilitatorShare.RegionShare(counts[0], counts[1], FacilitatorShare.share(counts[1], counts[0]))));
        return new FacilitatorShare(places, withFacilitator, withCertified, FacilitatorShare.share(withCertified, places),
                facilitators, certifiedFacilitators, regions, asOf);
    }
}
