package fr.maillage.events.registry;

import java.time.Instant;
import java.util.Objects;

/** A facilitator obtained a certification; {@code trainingHours} is the total of their certified trainings. */
public record FacilitatorCertified(String facilitatorId, long version, Instant occurredAt, String thirdPlaceId,
                                   boolean certified, int trainingHours) implements FacilitatorEvent {
    public FacilitatorCertified {
        Objects.requireNonNull(facilitatorId, "facilitatorId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        if (trainingHours < 0) {
            throw new IllegalArgumentException("trainingHours must not be negative");
        }
    }
}
