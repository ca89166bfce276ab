package fr.maillage.reporting.domain;

import fr.maillage.events.partnership.PremisesState;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Premises offered by local authorities, by status, région and terms, from their latest states;
 * {@code onOffer}: how many are still on offer ({@link #isOnOffer}). In {@code byStatus} and
 * {@code byRegion}, premises still OFFERED or APPLIED but past their last day count as
 * {@value #OFFER_ENDED}, so that OFFERED and APPLIED there add up to {@code onOffer}.
 */
public record PremisesSummary(long total, long onOffer, Map<String, Long> byStatus,
                              Map<String, Map<String, Long>> byRegion, Map<String, Long> byTerms, long surfaceM2,
                              Instant asOf) {

    /**
     * Premises still taking applications: offered, with or without applications already (the
     * partnership's {@code availableOn} search treats them alike), and not past their
     * {@code availableUntil} (the partnership refuses applications after that day, Paris time);
     * not reserved, signed or withdrawn.
     */
    public static final Set<String> ON_OFFER = Set.of("OFFERED", "APPLIED");

    /** The status shown for premises whose offer ended without a reservation (no event marks it). */
    public static final String OFFER_ENDED = "OFFER_ENDED";

    public static boolean isOnOffer(PremisesState premises, LocalDate today) {
        return ON_OFFER.contains(premises.status())
                && (premises.availableUntil() == null || !today.isAfter(premises.availableUntil()));
    }

    public static PremisesSummary of(Collection<PremisesState> premises, Instant asOf, LocalDate today) {
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Map<String, Long>> byRegion = new TreeMap<>();
        Map<String, Long> byTerms = new TreeMap<>();
        long onOffer = 0;
        long surface = 0;
        for (PremisesState state : premises) {
            boolean offered = isOnOffer(state, today);
            String status = offered || !ON_OFFER.contains(state.status()) ? state.status() : OFFER_ENDED;
            byStatus.merge(status, 1L, Long::sum);
            byRegion.computeIfAbsent(state.region(), region -> new TreeMap<>()).merge(status, 1L, Long::sum);
            byTerms.merge(state.terms(), 1L, Long::sum);
            onOffer += offered ? 1 : 0;
            surface += state.surfaceM2();
        }
        return new PremisesSummary(premises.size(), onOffer, byStatus, byRegion, byTerms, surface, asOf);
    }
}
