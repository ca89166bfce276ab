package fr.maillage.events.partnership;

import java.time.Instant;
import java.util.Objects;

/** An organisation applied for the premises with a project. */
public record PremisesApplicationReceived(String premisesId, long version, Instant occurredAt, String applicationId, String applicantOrganisationId, PremisesState premises)
        implements PremisesEvent {
    public PremisesApplicationReceived {
        Objects.requireNonNull(premisesId, "premisesId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(premises, "premises");
    }
}
