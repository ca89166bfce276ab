package fr.maillage.events.registry;

import java.time.Instant;
import java.util.Objects;

/** A tiers-lieu joined the network of the Fabrique {@code fabriqueId}. */
public record ThirdPlaceNetworkJoined(String thirdPlaceId, long version, Instant occurredAt, String fabriqueId,
        ThirdPlaceState place)
        implements ThirdPlaceEvent {
    public ThirdPlaceNetworkJoined {
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(fabriqueId, "fabriqueId");
        Objects.requireNonNull(place, "place");
    }
}
