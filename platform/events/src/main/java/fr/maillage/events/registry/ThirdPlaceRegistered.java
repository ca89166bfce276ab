package fr.maillage.events.registry;

import java.time.Instant;
import java.util.Objects;

public record ThirdPlaceRegistered(String thirdPlaceId, long version, Instant occurredAt, ThirdPlaceState place)
        implements ThirdPlaceEvent {
    public ThirdPlaceRegistered {
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(place, "place");
    }
}
