package fr.maillage.events.registry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Any change to a registered tiers-lieu: the fields that changed and the state after the change. */
public record ThirdPlaceUpdated(String thirdPlaceId, long version, Instant occurredAt, List<String> changedFields,
                                ThirdPlaceState place) implements ThirdPlaceEvent {
    public ThirdPlaceUpdated {
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(place, "place");
        changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
    }
}
