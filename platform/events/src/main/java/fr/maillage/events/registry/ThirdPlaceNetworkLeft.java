package fr.maillage.events.registry;

import java.time.Instant;
import java.util.Objects;

/** A tiers-lieu left the network of the Fabrique {@code fabriqueId}. */
public record ThirdPlaceNetworkLeft(String thirdPlaceId, long version, Instant occurredAt, String fabriqueId,
        ThirdPlaceState place)
        implements ThirdPlaceEvent {
    public ThirdPlaceNetworkLeft {
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(fabriqueId, "fabriqueId");
        Objects.requireNonNull(place, "place");
    }
}
