package fr.maillage.reporting.domain;

import fr.maillage.events.partnership.PremisesState;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Premises offered by local authorities, by status, région and terms, from their latest states;
 * {@code onOffer}: how many are still on offer ({@link #isOnOffer}).
 */
public record PremisesSummary(long total, long onOffer, Map<String, Long> byStatus,
                              Map<String, Map<String, Long>> byRegion, Map<String, Long> byTerms, long surfaceM2,
                              Instant asOf) {

    /**
     * Premises still taking applications: offered, with or without applications already (the
     * partnership's {@code availableOn} search treats them alike); not reserved, signed or withdrawn.
     * One whose {@code availableUntil} is past still counts: no event marks that day, and these
     * figures change only with events.
     */
    public static final Set<String> ON_OFFER = Set.of("OFFERED", "APPLIED");

    public static boolean isOnOffer(PremisesState premises) {
        return ON_OFFER.contains(premises.status());
    }

    public static PremisesSummary of(Collection<PremisesState> premises, Instant asOf) {
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Map<String, Long>> byRegion = new TreeMap<>();
        Map<String, Long> byTerms = new TreeMap<>();
        long onOffer = 0;
        long surface = 0;
        for (PremisesState state : premises) {
            byStatus.merge(state.status(), 1L, Long::sum);
            byRegion.computeIfAbsent(state.region(), region -> new TreeMap<>()).merge(state.status(), 1L, Long::sum);
            byTerms.merge(state.terms(), 1L, Long::sum);
            onOffer += isOnOffer(state) ? 1 : 0;
            surface += state.surfaceM2();
        }
        return new PremisesSummary(premises.size(), onOffer, byStatus, byRegion, byTerms, surface, asOf);
    }
}
