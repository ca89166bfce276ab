package fr.maillage.events.partnership;

import java.time.Instant;
import java.util.Objects;

public record PremisesOffered(String premisesId, long version, Instant occurredAt, PremisesState premises)
        implements PremisesEvent {
    public PremisesOffered {
        Objects.requireNonNull(premisesId, "premisesId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(premises, "premises");
    }
}
