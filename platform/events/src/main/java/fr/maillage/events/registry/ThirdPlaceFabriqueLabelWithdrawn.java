package fr.maillage.events.registry;

import java.time.Instant;
import java.util.Objects;

/** The Fabrique label of a tiers-lieu was withdrawn; {@code place} keeps it with status WITHDRAWN. */
public record ThirdPlaceFabriqueLabelWithdrawn(String thirdPlaceId, long version, Instant occurredAt,
        ThirdPlaceState place)
        implements ThirdPlaceEvent {
    public ThirdPlaceFabriqueLabelWithdrawn {
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(place, "place");
    }
}
