package fr.maillage.events.registry;

import java.time.Instant;
import java.util.Objects;

/** The personal data of a facilitator were erased; the facilitator no longer counts for the tiers-lieu. */
public record FacilitatorErased(String facilitatorId, long version, Instant occurredAt, String thirdPlaceId)
        implements FacilitatorEvent {
    public FacilitatorErased {
        Objects.requireNonNull(facilitatorId, "facilitatorId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
    }
}
