package fr.maillage.events.partnership;

import java.time.Instant;
import java.util.Objects;

/** The offering authority reserved the premises for one application. */
public record PremisesReserved(String premisesId, long version, Instant occurredAt, String applicationId, PremisesState premises)
        implements PremisesEvent {
    public PremisesReserved {
        Objects.requireNonNull(premisesId, "premisesId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(premises, "premises");
    }
}
