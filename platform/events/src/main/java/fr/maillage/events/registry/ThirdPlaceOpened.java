package fr.maillage.events.registry;

import java.time.Instant;
import java.util.Objects;

/** A tiers-lieu opened (or reopened): its status is now OPEN. */
public record ThirdPlaceOpened(String thirdPlaceId, long version, Instant occurredAt, ThirdPlaceState place)
        implements ThirdPlaceEvent {
    public ThirdPlaceOpened {
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(place, "place");
    }
}
