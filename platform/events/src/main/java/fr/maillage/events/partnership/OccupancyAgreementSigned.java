package fr.maillage.events.partnership;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** The occupancy agreement (convention d'occupation) was signed. */
public record OccupancyAgreementSigned(String premisesId, long version, Instant occurredAt, String applicationId, LocalDate startsOn, int months, long monthlyRentEur, PremisesState premises)
        implements PremisesEvent {
    public OccupancyAgreementSigned {
        Objects.requireNonNull(premisesId, "premisesId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(premises, "premises");
    }
}
