package fr.maillage.events.partnership;

import java.time.Instant;
import java.util.Objects;

/** An application was declined (another one was reserved, or the premises withdrawn). */
public record PremisesApplicationDeclined(String premisesId, long version, Instant occurredAt, String applicationId, PremisesState premises)
        implements PremisesEvent {
    public PremisesApplicationDeclined {
        Objects.requireNonNull(premisesId, "premisesId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(premises, "premises");
    }
}
