package fr.maillage.partnership.api;

import fr.maillage.partnership.domain.Agreement;
import fr.maillage.partnership.domain.CommuneRef;
import fr.maillage.partnership.domain.Premises;
import fr.maillage.partnership.domain.PremisesApplication;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Premises as the public sees them: the offer and where it stands, not the applicants' projects.
 * {@code offerEnded}: the offer's last day has passed while its status is still OFFERED or APPLIED;
 * it takes no more applications (the premises summary counts it as OFFER_ENDED).
 */
record PremisesResponse(String id, long version, String status, boolean offerEnded, String offeredBy,
                        CommuneRef commune, String address, int surfaceM2, String kind, String terms,
                        long monthlyRentEur, LocalDate availableFrom, LocalDate availableUntil, String description,
                        int applications, String reservedApplicationId, Agreement agreement, Instant createdAt,
                        Instant updatedAt) {

    static PremisesResponse of(Premises premises, Instant now) {
        var offer = premises.offer();
        return new PremisesResponse(premises.id(), premises.version(), premises.status().name(),
                premises.offerEnded(now), premises.offeredBy(), offer.commune(), offer.address(), offer.surfaceM2(),
                offer.kind().name(), offer.terms().name(), offer.monthlyRentEur(), offer.availableFrom(),
                offer.availableUntil(), offer.description(), premises.applications().size(),
                premises.reservedApplicationId(), premises.agreement(), premises.createdAt(), premises.updatedAt());
    }

    /** An application, shown to the organisation that made it and to the offering authority. */
    record Application(String id, String premisesId, String organisationId, String project, String status,
                       Instant submittedAt, Instant decidedAt) {

        static Application of(Premises premises, PremisesApplication application) {
            return new Application(application.id(), premises.id(), application.organisationId(), application.project(),
                    application.status().name(), application.submittedAt(), application.decidedAt());
        }
    }
}
