package fr.maillage.reporting.domain;

import fr.maillage.events.partnership.PremisesState;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Premises offered by local authorities, by status, région and terms, from their latest states. */
public record PremisesSummary(long total, Map<String, Long> byStatus, Map<String, Map<String, Long>> byRegion,
                              Map<String, Long> byTerms, long surfaceM2, Instant asOf) {

    public static PremisesSummary of(Collection<PremisesState> premises, Instant asOf) {
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Map<String, Long>> byRegion = new TreeMap<>();
        Map<String, Long> byTerms = new TreeMap<>();
        long surface = 0;
        for (PremisesState state : premises) {
            byStatus.merge(state.status(), 1L, Long::sum);
            byRegion.computeIfAbsent(state.region(), region -> new TreeMap<>()).merge(state.status(), 1L, Long::sum);
            byTerms.merge(state.terms(), 1L, Long::sum);
            surface += state.surfaceM2();
        }
        return new PremisesSummary(premises.size(), byStatus, byRegion, byTerms, surface, asOf);
    }
}
