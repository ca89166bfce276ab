package fr.maillage.events.registry;

import java.time.Instant;
import java.util.Objects;

/** A tiers-lieu was labelled Fabrique de territoire, or its label changed; the label is in {@code place}. */
public record ThirdPlaceFabriqueLabelled(String thirdPlaceId, long version, Instant occurredAt,
        ThirdPlaceState place)
        implements ThirdPlaceEvent {
    public ThirdPlaceFabriqueLabelled {
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(place, "place");
    }
}
