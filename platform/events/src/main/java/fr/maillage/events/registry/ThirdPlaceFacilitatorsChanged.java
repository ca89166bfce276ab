package fr.maillage.events.registry;

import java.time.Instant;
import java.util.Objects;

/** The number of facilitators (or certified facilitators) of a tiers-lieu changed; counts only, no personal data. */
public record ThirdPlaceFacilitatorsChanged(String thirdPlaceId, long version, Instant occurredAt,
        ThirdPlaceState place)
        implements ThirdPlaceEvent {
    public ThirdPlaceFacilitatorsChanged {
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(place, "place");
    }
}
