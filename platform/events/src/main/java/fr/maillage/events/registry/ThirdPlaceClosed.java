package fr.maillage.events.registry;

import java.time.Instant;
import java.util.Objects;

/** A tiers-lieu closed: its status is now CLOSED. */
public record ThirdPlaceClosed(String thirdPlaceId, long version, Instant occurredAt, ThirdPlaceState place)
        implements ThirdPlaceEvent {
    public ThirdPlaceClosed {
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(place, "place");
    }
}
