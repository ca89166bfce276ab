package fr.maillage.events.partnership;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The public state of premises offered by a local authority. {@code status}: OFFERED, APPLIED,
 * RESERVED, AGREEMENT_SIGNED or WITHDRAWN. {@code terms}: FREE, MODERATE_RENT or MARKET_RENT.
 */
public record PremisesState(
        String premisesId,
        long version,
        String offeredBy,
        String communeCode,
        String communeName,
        String departement,
        String region,
        String address,
        int surfaceM2,
        String kind,
        String terms,
        Long monthlyRentEur,
        LocalDate availableFrom,
        LocalDate availableUntil,
        String status,
        int applications,
        String reservedApplicationId,
        Instant updatedAt) {

    public PremisesState {
        Objects.requireNonNull(premisesId, "premisesId");
        Objects.requireNonNull(offeredBy, "offeredBy");
        Objects.requireNonNull(communeCode, "communeCode");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(terms, "terms");
        Objects.requireNonNull(status, "status");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
    }
}
